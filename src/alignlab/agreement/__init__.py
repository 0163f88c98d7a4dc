"""⟨M,N,ε,δ⟩-agreement: Bayesian agents without a common prior, message protocols, Algorithm 1/2, bounds (paper 001; docs/agreement.md).

Entry points: :func:`alignlab.agreement.algorithm.run` (Algorithm 1),
:func:`alignlab.agreement.common_prior.construct_common_prior` (Algorithm 2),
:mod:`alignlab.agreement.bounds`, :mod:`alignlab.agreement.instances`, :mod:`alignlab.agreement.risk`.
"""

from alignlab.agreement.algorithm import RunResult, TaskRecord, run, run_task
from alignlab.agreement.common_prior import CommonPrior, construct_common_prior
from alignlab.agreement.errors import AgreementError
from alignlab.agreement.model import Agent, Instance, Task, make_instance, make_simple
from alignlab.agreement.settings import NoisySettings, Settings

__all__ = ["Agent", "AgreementError", "CommonPrior", "Instance", "NoisySettings", "RunResult", "Settings", "Task",
           "TaskRecord", "construct_common_prior", "make_instance", "make_simple", "run", "run_task"]
