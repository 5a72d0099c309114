"""dash in the id

Revision ID: bad-id
Revises: i1
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'bad-id'
down_revision = 'i1'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
