"""second, in the plugin directory

Revision ID: 22bb
Revises: 11aa
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '22bb'
down_revision = '11aa'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
