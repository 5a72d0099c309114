"""parent does not exist

Revision ID: e2
Revises: e0ffffffffff
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'e2'
down_revision = 'e0ffffffffff'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
