"""unicode prefix"""
revision = u'4d5e6f708192'
down_revision = u'3c4d5e6f7081'
