# -*- coding: utf-8 -*-
# Copyright header before the docstring
#
import sqlalchemy as sa

"""not the docstring: imports come first"""

revision = \
    '6f708192a3b4'
down_revision = \
    '4d5e6f708192'
airflow_version = '3.1.0'
