"""Check the held-out coreference gold files: the same checks as the development set's.

Run: python check.py   (from any directory; exits non-zero on the first broken file)
"""
import importlib.util
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("coref_check", HERE.parents[1] / "gold" / "coref" / "check.py")
coref_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(coref_check)

if __name__ == "__main__":
    coref_check.main(HERE)
