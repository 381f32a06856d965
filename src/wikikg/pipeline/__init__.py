"""wikikg.pipeline"""
