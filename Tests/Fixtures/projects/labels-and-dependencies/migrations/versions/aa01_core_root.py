"""core root

Revision ID: aa01
Revises: 
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'aa01'
down_revision = None
branch_labels = ('core',)
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
