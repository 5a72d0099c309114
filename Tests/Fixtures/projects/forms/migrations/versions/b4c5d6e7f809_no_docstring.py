# just a comment
revision = 'b4c5d6e7f809'
down_revision = 'a3b4c5d6e7f8'
