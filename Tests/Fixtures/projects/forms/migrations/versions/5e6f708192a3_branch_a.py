'''branch a, single-quoted docstring'''
revision = '5e6f708192a3'; down_revision = '4d5e6f708192'
