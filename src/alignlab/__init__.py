"""alignlab: executable formal systems of human–AI alignment theory.

Parts (each importable on its own): ``agreement``, ``mindgrid``, ``pap``, ``deals``,
``watermark``, ``randnets``; shared infrastructure: ``runtime``, ``llm``, ``report``.
"""

from alignlab.errors import AlignlabError

__all__ = ["AlignlabError", "__version__"]
__version__ = "0.1.0"
