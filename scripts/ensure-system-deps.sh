#!/usr/bin/env bash
# 安装运行与测试所需的 Debian 软件包（缺少时才安装）：
#   chromium        浏览器测试（Playwright 驱动 /usr/bin/chromium，不下载浏览器）
#   fonts-noto-cjk  截图中的中文字体
#   libreoffice-*-nogui  旧版 .doc/.wps 与 EMF/WMF 图片转换
#   libarchive-tools     bsdtar：解开 RAR 包
#   poppler-utils        pdfinfo：汇编目录页码（showcase pdf）；pdftotext、pdffonts：汇编的测试；pdftoppm：演示文稿页面图片
#   nginx                部署测试：按 deploy/nginx.conf 在本机回环端口上提供网站（测试自行启动与停止，不作为系统服务运行）
#   libreoffice-impress-nogui  演示文稿（.pptx/.ppt）转换为 PDF
#   ffmpeg               发表视频转码为 H.264/AAC MP4（ffprobe 读取时长与编码）
#   emf2svg、libwmf-bin  emf2svg-conv、wmf2svg：EMF/WMF 图片转为 SVG（不必启动 LibreOffice）；
#   gsfonts              wmf2svg 启动时必须能载入的字体
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)  # grep -q would end the pipe early (SIGPIPE under pipefail)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-draw-nogui)
command -v bsdtar >/dev/null 2>&1 || need+=(libarchive-tools)
command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
[ -e /usr/lib/libreoffice/share/registry/impress.xcd ] || need+=(libreoffice-impress-nogui)
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v emf2svg-conv >/dev/null 2>&1 || need+=(emf2svg)
command -v wmf2svg >/dev/null 2>&1 || need+=(libwmf-bin)
[ -d /usr/share/fonts/type1/gsfonts ] || [ -d /usr/share/fonts/type1/urw-base35 ] || need+=(gsfonts)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "正在安装系统软件包：${need[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "缺少系统软件包：${need[*]}。请以 root 身份运行：apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
