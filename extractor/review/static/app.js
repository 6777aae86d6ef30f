// The review UI's keys — one key each, never while typing in a field:
//   queue: j/k (or n/p) move, Enter (or o) opens; it starts on the item the reviewer was last on;
//   item:  a accept the suggestion, e enter a value, c confirm as printed, d dismiss, j/k next/previous item,
//          q back to the queue;
//   everywhere: u undoes the reviewer's last action.
// In a field, Enter sends its form (Shift+Enter: a new line in a reason; not while an IME is composing) and Esc
// leaves the field.
(function () {
  "use strict";
  function typing(t) {
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function go(id) {
    var a = document.getElementById(id);
    if (!a) return false;
    window.location = a.href;
    return true;
  }
  function send(form) {
    if (!form) return false;
    var button = form.querySelector("button[type=submit]");
    if (button && button.disabled) return false;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
    return true;
  }
  function focus(formId, selector) {
    var form = document.getElementById(formId);
    if (!form) return false;
    var choose = form.querySelector("select[name=fact]");
    var el = choose && !choose.value ? choose : form.querySelector(selector);
    if (!el) return false;
    form.scrollIntoView({ block: "nearest" });
    el.focus();
    if (el.select && el.tagName !== "SELECT") el.select();
    return true;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.flag-row"));
  var start = rows.filter(function (r) { return r.classList.contains("selected"); })[0];
  if (start) start.scrollIntoView({ block: "center" });

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (typing(t)) {
      if (e.key === "Escape") { t.blur(); e.preventDefault(); }
      else if (e.key === "Enter" && t.tagName === "TEXTAREA" && !e.shiftKey && !e.isComposing && t.form) {
        if (send(t.form)) e.preventDefault();
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var done = false;
    if (rows.length) {
      var i = rows.findIndex(function (r) { return r.classList.contains("selected"); });
      var moved = true;
      if (e.key === "j" || e.key === "n") i = Math.min(rows.length - 1, i + 1);
      else if (e.key === "k" || e.key === "p") i = Math.max(0, i - 1);
      else if ((e.key === "Enter" || e.key === "o") && i >= 0) { window.location = rows[i].dataset.href; moved = false; done = true; }
      else moved = false;
      if (moved) {
        rows.forEach(function (r) { r.classList.remove("selected"); });
        rows[i].classList.add("selected");
        rows[i].scrollIntoView({ block: "nearest" });
        done = true;
      }
    }
    if (!done) {
      switch (e.key) {
        case "a": done = send(document.getElementById("accept-form")); break;
        case "e": done = focus("fix-form", "input[name=value]"); break;
        case "c": done = focus("confirm-form", "textarea[name=reason]"); break;
        case "d": done = focus("dismiss-form", "textarea[name=reason]"); break;
        case "u": done = send(document.getElementById("undo-form")); break;
        case "j": case "n": done = go("next"); break;
        case "k": case "p": done = go("prev"); break;
        case "q": done = go("up"); break;
      }
    }
    if (done) e.preventDefault();
  });
})();
