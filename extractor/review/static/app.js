// Keyboard navigation for the review UI: j/k (or n/p) move through the queue and between flags.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.flag-row"));
    if (rows.length) {
      var i = rows.findIndex(function (r) { return r.classList.contains("selected"); });
      if (e.key === "j" || e.key === "n") i = Math.min(rows.length - 1, i + 1);
      else if (e.key === "k" || e.key === "p") i = Math.max(0, i - 1);
      else if ((e.key === "Enter" || e.key === "o") && i >= 0) { window.location = rows[i].dataset.href; return; }
      else return;
      rows.forEach(function (r) { r.classList.remove("selected"); });
      rows[i].classList.add("selected");
      rows[i].scrollIntoView({ block: "nearest" });
      e.preventDefault();
      return;
    }
    var target = null;
    if (e.key === "j" || e.key === "n") target = document.getElementById("next");
    else if (e.key === "k" || e.key === "p") target = document.getElementById("prev");
    else if (e.key === "u") target = document.getElementById("up");
    if (target) { window.location = target.href; e.preventDefault(); }
  });
})();
