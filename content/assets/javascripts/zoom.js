/* Click (or Enter) on a figure's picture to see it full size; Esc, click or the close button closes.
   A plain <dialog>, no library and no request: works from file:// and inside WeChat. */
(function () {
  "use strict";
  var dialog;

  function close() {
    if (dialog && dialog.open) dialog.close();
  }

  function ensureDialog() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "sc-zoom";
    dialog.setAttribute("aria-label", "查看大图");
    dialog.innerHTML = '<button type="button" class="sc-zoom__close" aria-label="关闭">×</button><img alt=""><p class="sc-zoom__caption"></p>';
    dialog.addEventListener("click", close);
    document.body.appendChild(dialog);
    return dialog;
  }

  function open(img) {
    var d = ensureDialog();
    var big = d.querySelector("img");
    big.src = img.dataset.full || img.currentSrc || img.src; // full size, not the phone copy
    big.alt = img.alt || "";
    var caption = img.closest("figure") && img.closest("figure").querySelector("figcaption");
    d.querySelector(".sc-zoom__caption").textContent = caption ? caption.textContent : img.alt || "";
    if (typeof d.showModal === "function") d.showModal(); else d.setAttribute("open", "");
    d.querySelector(".sc-zoom__close").focus();
  }

  function bind(root) {
    var images = root.querySelectorAll("figure.figure img");
    for (var i = 0; i < images.length; i++) {
      var img = images[i];
      if (img.dataset.zoom) continue;
      img.dataset.zoom = "1";
      img.tabIndex = 0;
      img.setAttribute("role", "button");
      img.setAttribute("title", "点击查看大图");
      img.addEventListener("click", function (e) { open(e.currentTarget); });
      img.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(e.currentTarget); }
      });
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { bind(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { bind(document); });
  }
})();
