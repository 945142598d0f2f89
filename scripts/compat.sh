#!/usr/bin/env bash
# make compat：Material for MkDocs 停止维护之后的退路，在单独的虚拟环境 .venv-compat 中检验。
#   1. 用 Material 的维护中分支 mkdocs-materialx（主题名 materialx）构建样例网站，再用 ProperDocs
#      （MkDocs 1.x 的维护中分支，materialx 的依赖）构建一次；
#   2. 与默认构建（.venv，Material）逐页比较：相同的页面、正文、搜索索引，浏览器中零控制台错误，样例搜索结果相同；
#   3. 在 .venv-compat 中运行全部测试（make test 的同一套，浏览器测试因此都在分支主题上跑）；
#   4. 试装 Zensical（Material 宣布的后继者）：能安装时构建一次，不能时说明原因。
# 不属于 make test。
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv-compat
STAMP="$VENV/.installed-stamp"
OUT=build/compat
export NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE=1

if [ ! -f "$STAMP" ] || [ requirements-compat.lock -nt "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "== 建立 $VENV（mkdocs-materialx 代替 mkdocs-material）"
  test -x "$VENV/bin/python" || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q "pip==26.3"
  "$VENV/bin/python" -m pip install -q -r requirements-compat.lock
  "$VENV/bin/python" -m pip install -q --no-deps -e .   # pyproject names mkdocs-material; the fork stands in for it
  touch "$STAMP"
fi

rm -rf "$OUT"
mkdir -p "$OUT"

echo "== 默认构建（Material）"
.venv/bin/showcase build --site "$OUT/material"
echo "== 分支主题构建（materialx，showcase.yml 的 theme: auto 取已安装的主题包）"
"$VENV/bin/showcase" build --site "$OUT/materialx"

echo "== ProperDocs + materialx 构建"
# The same mkdocs.yml with the fork's theme name and its lunr search (its default, Pagefind, is not used).
cat > .compat-properdocs.yml <<'YAML'
INHERIT: mkdocs.yml
theme:
  name: materialx
plugins:
  - search:
      provider: lunr
  - showcase
YAML
trap 'rm -f .compat-properdocs.yml' EXIT
"$VENV/bin/properdocs" build --strict -f .compat-properdocs.yml -d "$OUT/properdocs"

echo "== 逐页比较与浏览器检查"
"$VENV/bin/python" scripts/compat_compare.py "$OUT/material" "$OUT/materialx" "$OUT/properdocs"

echo "== 在 $VENV 中运行全部测试"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider

echo "== Zensical"
ZVENV=build/compat/.venv-zensical
python3 -m venv "$ZVENV"
if "$ZVENV/bin/python" -m pip install -q "pip==26.3" && "$ZVENV/bin/python" -m pip install -q zensical >"$OUT/zensical-install.log" 2>&1; then
  # Zensical reads mkdocs.yml but runs no MkDocs plugins: the showcase plugin's catalog and search are absent.
  mkdir -p "$OUT/zensical-src"
  cp -r mkdocs.yml showcase.yml content theme "$OUT/zensical-src/"
  if (cd "$OUT/zensical-src" && "../.venv-zensical/bin/zensical" build) >"$OUT/zensical-build.log" 2>&1; then
    echo "Zensical 构建成功（不运行 showcase 插件，目录与搜索缺失）：见 $OUT/zensical-build.log"
  else
    echo "Zensical 已安装但构建失败：见 $OUT/zensical-build.log"
  fi
else
  echo "Zensical 尚不能从软件源安装：$(grep -m1 -E 'ERROR|error' "$OUT/zensical-install.log" || echo '见 '"$OUT/zensical-install.log")"
fi
echo "make compat 通过：分支主题与 ProperDocs 的构建与默认构建一致"
