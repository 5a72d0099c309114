"""non-hex revision id

Revision ID: kilo
Revises: c5d6e7f8091a
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'kilo'
down_revision = 'c5d6e7f8091a'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
