# 典型经验展示站：两条命令完成一切。
#   make site   安装依赖，转换内置样例收件箱，构建 site/
#   make test   安装依赖（含 chromium 等系统包），运行 site_tests/ 中的全部测试
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve export pdf system-deps samples bench golden mutation compat clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==26.3"
	$(BIN)/python -m pip install -q -c requirements.lock -e ".[test]"
	@touch $@

system-deps:
	@bash scripts/ensure-system-deps.sh

site: $(STAMP)
	$(BIN)/showcase build

# axe-core for the accessibility checks, pinned by package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test: $(STAMP) system-deps node_modules/.package-lock.json
	$(BIN)/python -m pytest

serve: $(STAMP)
	@test -d content/experiences || $(BIN)/showcase build
	$(BIN)/showcase serve

export: $(STAMP)
	$(BIN)/showcase export

pdf: $(STAMP) system-deps
	$(BIN)/showcase pdf

samples: $(STAMP)
	$(BIN)/python samples/make_samples.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Mutation testing of the modules that guard privacy, escaping, rules, intake, policy and the report:
# kill rate per module, survivors to bench/mutation-survivors.txt. Slow, so not part of `make test`.
MUTATION_STAMP := $(VENV)/.mutation-stamp
$(MUTATION_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -c requirements.lock -e ".[test,mutation]"
	@touch $@

mutation: $(MUTATION_STAMP)
	$(BIN)/python bench/mutation.py $(MODULES)

# The sample site and the whole test suite with Material's maintained fork (mkdocs-materialx) and ProperDocs,
# in .venv-compat; compared page by page with the default build. Not part of `make test`.
compat: $(STAMP) system-deps node_modules/.package-lock.json
	bash scripts/compat.sh

# Rewrite site_tests/golden/ (pandoc-style .docx -> .md + findings) and print what changed, for review
golden: $(STAMP)
	$(BIN)/python site_tests/golden_cases.py --update

clean:
	rm -rf site site-offline dist build content/experiences content/industries content/methods content/recommenders content/years content/_generated
