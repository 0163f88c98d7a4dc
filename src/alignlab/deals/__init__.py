"""Deal feasibility with misaligned AIs: ZOPA, trust inflation, barriers (spec: shared/specs/deals.md)."""
