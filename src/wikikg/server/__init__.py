"""wikikg.server"""
