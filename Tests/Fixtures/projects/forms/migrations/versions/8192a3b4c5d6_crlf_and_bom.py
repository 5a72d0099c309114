"""crlf and bom

Revision ID: 8192a3b4c5d6
"""
revision = '8192a3b4c5d6'
down_revision = '708192a3b4c5'


def upgrade():
	pass
