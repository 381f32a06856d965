"""wikikg.ontology"""
