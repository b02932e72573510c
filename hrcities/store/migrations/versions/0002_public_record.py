"""the public record: territories' leader and mandate, the record table (data date, complete list),
population bands without a head count

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 16:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leader", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("leader_status", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("mandate", sa.Text(), nullable=True))
    with op.batch_alter_table("population_bands", schema=None) as batch_op:
        batch_op.alter_column("min_population", existing_type=sa.BigInteger(), nullable=True)
    op.create_table(
        "record",
        sa.Column("row_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.Text(), nullable=True),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("data_as_of", sa.Text(), nullable=False),
        sa.Column("complete_list_as_of", sa.Text(), nullable=True),
        sa.Column("declared_by", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_record")),
        sa.UniqueConstraint("id", name=op.f("uq_record_id")),
    )


def downgrade() -> None:
    op.drop_table("record")
    with op.batch_alter_table("population_bands", schema=None) as batch_op:
        batch_op.alter_column("min_population", existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.drop_column("mandate")
        batch_op.drop_column("leader_status")
        batch_op.drop_column("leader")
