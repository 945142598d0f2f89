"""Classification: industry 门类 (GB/T 4754-2017), quality-method families and organisation facets.

Data lives in converters/data/ (methods.yml, industries.yml, organizations.yml, overrides.yml);
each file is read by converters.datafiles, validated when loaded (unknown keys, duplicate aliases
or keywords, bad codes) and cached by path and mtime. A broken data file raises DataFileError
whose message names the file and every problem; `check_data_files()` returns the same problems as
ERROR findings for `showcase check`.

Precedence, highest first: editor override (overrides.yml) > what the documents say (所属行业,
组织名称, title and body) > default (门类 "待定", method family "其他方法").

Modules: methods.py (families), industries.py (门类), organizations.py (组织类型/规模/央企 facets),
overrides.py (editor overrides). The names below are the API other stages call as `classify.x`.
"""

from __future__ import annotations

from pathlib import Path

from ..datafiles import problems_of
from ..model import Finding
from .industries import UNRESOLVED_NAME, Industry, IndustryTable, classify_industry, industry_sections, load_industries
from .methods import (MAX_FAMILIES, MAX_METHODS, Family, Methods, MethodTaxonomy, classify_methods, load_methods,
                      method_families, method_family)
from .organizations import load_organizations
from .overrides import Overrides, apply_overrides, load_overrides, unused_overrides

__all__ = [
    "MAX_FAMILIES", "MAX_METHODS", "UNRESOLVED_NAME",
    "Family", "Industry", "IndustryTable", "MethodTaxonomy", "Methods", "Overrides",
    "apply_overrides", "check_data_files", "classify_industry", "classify_methods", "industry_sections",
    "load_industries", "load_methods", "load_overrides", "method_families", "method_family", "unused_overrides",
]


def check_data_files(methods_path: Path | None = None, industries_path: Path | None = None,
                     organizations_path: Path | None = None) -> list[Finding]:
    """Every problem in the method, industry and organisation data files (the packaged ones unless
    paths are given), as ERROR findings; empty when all are fine."""
    return [
        *problems_of(load_methods, methods_path),
        *problems_of(load_industries, industries_path),
        *problems_of(load_organizations, organizations_path),
    ]
