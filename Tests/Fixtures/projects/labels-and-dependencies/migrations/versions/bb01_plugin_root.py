"""plugin root

Revision ID: bb01
Revises: 
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'bb01'
down_revision = None
branch_labels = 'plugin'
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
