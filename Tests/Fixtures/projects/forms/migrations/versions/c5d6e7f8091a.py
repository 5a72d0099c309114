"""legacy file named after its id, no revision variable"""
down_revision = "b4c5d6e7f809"
