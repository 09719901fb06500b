"""invoice feed and machine clients: api_clients and their access tokens

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_clients',
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('scopes', sa.String(length=200), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('revoked_at', backend.db.types.UTCDateTime(), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('last_used_at', backend.db.types.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', backend.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_api_clients_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_clients')),
    sa.UniqueConstraint('client_id', name=op.f('uq_api_clients_client_id'))
    )
    op.create_table('api_access_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('client_pk', sa.Uuid(), nullable=False),
    sa.Column('scope', sa.String(length=200), nullable=False),
    sa.Column('issued_at', backend.db.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', backend.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_pk'], ['api_clients.id'], name=op.f('fk_api_access_tokens_client_pk_api_clients')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_api_access_tokens'))
    )
    with op.batch_alter_table('api_access_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_access_tokens_client_pk'), ['client_pk'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('api_access_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_access_tokens_client_pk'))
    op.drop_table('api_access_tokens')
    op.drop_table('api_clients')
