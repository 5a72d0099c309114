"""plugin depends on a label

Revision ID: bb03
Revises: bb02
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'bb03'
down_revision = 'bb02'
branch_labels = None
depends_on = ('core',)


def upgrade():
    pass


def downgrade():
    pass
