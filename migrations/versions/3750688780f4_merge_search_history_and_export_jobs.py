"""merge search history and export jobs

Revision ID: 3750688780f4
Revises: 681848d7d9be, ca4e83c72912
Create Date: 2025-03-20 10:00:04.118532

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3750688780f4'
down_revision: Union[str, Sequence[str], None] = ('681848d7d9be', 'ca4e83c72912')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
