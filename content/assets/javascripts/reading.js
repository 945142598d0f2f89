/* Reading aids of experience pages (reading.css): wide tables say that they scroll, the phone's
   本页目录 closes after a jump, and the share (link + large QR code) and print buttons work.
   No library and no request: the same from file:// and inside WeChat. */
(function () {
  "use strict";

  // ---- tables: the hint and the fade show only while a table is wider than its frame
  function markTable(box) {
    var frame = box.querySelector(".sc-table__frame");
    if (!frame) return;
    var scrolls = frame.scrollWidth > frame.clientWidth + 1;
    box.classList.toggle("sc-table--scrolls", scrolls);
    box.classList.toggle("sc-table--end", !scrolls || frame.scrollLeft + frame.clientWidth >= frame.scrollWidth - 1);
  }

  function bindTables(root) {
    var boxes = root.querySelectorAll(".sc-table");
    Array.prototype.forEach.call(boxes, function (box) {
      markTable(box);
      if (box.dataset.scBound) return;
      box.dataset.scBound = "1";
      var frame = box.querySelector(".sc-table__frame");
      if (frame) frame.addEventListener("scroll", function () { markTable(box); }, { passive: true });
    });
  }

  // ---- 本页目录: a tap on an entry jumps and folds the list away
  function bindContents(root) {
    var toc = root.querySelector(".sc-toc details");
    if (!toc || toc.dataset.scBound) return;
    toc.dataset.scBound = "1";
    toc.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a")) toc.open = false;
    });
  }

  // ---- share: the page's public address to copy, and its QR code large enough to scan
  function shareUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical && /^https?:/.test(canonical.href)) return canonical.href;
    return window.location.href;
  }

  function copyText(text, input, done) {
    function fallback() {
      input.focus();
      input.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  var dialog;
  function shareDialog() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "sc-share";
    dialog.setAttribute("aria-labelledby", "sc-share-title");
    dialog.innerHTML =
      '<h2 id="sc-share-title" class="sc-share__title">分享本页</h2>' +
      '<label class="sc-share__label" for="sc-share-url">本页链接</label>' +
      '<input id="sc-share-url" class="sc-share__url" type="text" readonly>' +
      '<p class="sc-share__row"><button type="button" class="sc-share__copy">复制链接</button>' +
      '<span class="sc-share__status" role="status"></span></p>' +
      '<div class="sc-share__qr"></div>' +
      '<p class="sc-share__hint">在微信中可长按识别二维码，或截屏后发送</p>' +
      '<button type="button" class="sc-share__close" aria-label="关闭">×</button>';
    var qr = document.querySelector(".sc-qr svg");
    if (qr) {
      // The page's QR code is drawn at a fixed size: a viewBox lets the copy scale up to be scanned.
      var big = qr.cloneNode(true);
      var w = big.getAttribute("width"), h = big.getAttribute("height");
      if (w && h && !big.getAttribute("viewBox")) big.setAttribute("viewBox", "0 0 " + w + " " + h);
      big.removeAttribute("width");
      big.removeAttribute("height");
      dialog.querySelector(".sc-share__qr").appendChild(big);
    }
    dialog.querySelector(".sc-share__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    dialog.querySelector(".sc-share__copy").addEventListener("click", function () {
      var input = dialog.querySelector(".sc-share__url");
      var status = dialog.querySelector(".sc-share__status");
      copyText(input.value, input, function (ok) { status.textContent = ok ? "已复制" : "请长按链接手动复制"; });
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function openShare() {
    var d = shareDialog();
    d.querySelector(".sc-share__url").value = shareUrl();
    d.querySelector(".sc-share__status").textContent = "";
    if (typeof d.showModal === "function") d.showModal(); else d.setAttribute("open", "");
  }

  function bindButtons(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-sc-share]"), function (button) {
      if (button.dataset.scBound) return;
      button.dataset.scBound = "1";
      button.addEventListener("click", openShare);
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-sc-print]"), function (button) {
      if (button.dataset.scBound) return;
      button.dataset.scBound = "1";
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function setUp() {
    document.documentElement.classList.add("sc-reading");
    bindTables(document);
    bindContents(document);
    bindButtons(document);
  }

  window.addEventListener("resize", function () { bindTables(document); });
  // After Material wraps tables (its own document$ subscription): next tick.
  var soon = function () { window.setTimeout(setUp, 0); };
  var material = window.document$;
  if (material && typeof material.subscribe === "function") material.subscribe(soon);
  else if (document.readyState !== "loading") soon();
  else document.addEventListener("DOMContentLoaded", soon);
})();
