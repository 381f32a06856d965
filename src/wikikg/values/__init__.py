"""wikikg.values"""
