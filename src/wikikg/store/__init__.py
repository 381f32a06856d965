"""wikikg.store"""
