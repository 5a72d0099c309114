"""plugin needs core

Revision ID: bb02
Revises: bb01
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'bb02'
down_revision = 'bb01'
branch_labels = None
depends_on = 'aa02'


def upgrade():
    pass


def downgrade():
    pass
