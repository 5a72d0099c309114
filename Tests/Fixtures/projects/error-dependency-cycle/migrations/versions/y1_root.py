"""root

Revision ID: y1
Revises: 
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'y1'
down_revision = None
branch_labels = None
depends_on = 'y2'


def upgrade():
    pass


def downgrade():
    pass
