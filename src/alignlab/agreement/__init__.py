"""⟨M,N,ε,δ⟩-agreement: Bayesian agents without a common prior, message protocols, Algorithm 1/2, bounds (spec: shared/specs/agreement.md)."""
