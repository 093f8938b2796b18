// Filtering (the one thing that needs a script) and opening the proof a link points to.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var convs = Array.prototype.slice.call(document.querySelectorAll("article.conv"));
  var shown = document.getElementById("shown");
  function value(id, prop) { var el = document.getElementById(id); return el ? el[prop] : null; }
  function apply() {
    var disagree = value("f-disagree", "checked");
    var fragile = value("f-fragile", "checked");
    var principle = value("f-principle", "value");
    var text = (value("f-text", "value") || "").toLowerCase();
    var n = 0;
    convs.forEach(function (c) {
      var ok = (!disagree || c.dataset.disagree !== "0") &&
               (!fragile || c.dataset.fragile !== "0") &&
               (!principle || (" " + c.dataset.principles + " ").indexOf(" " + principle + " ") >= 0) &&
               (!text || c.dataset.id.toLowerCase().indexOf(text) >= 0 || c.dataset.title.toLowerCase().indexOf(text) >= 0);
      c.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
  }
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target) { return; }
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
      if (el.hidden) { el.hidden = false; }
    }
    var own = target.querySelector(":scope > details");  // a conversation: open its body
    if (own) { own.open = true; }
    target.scrollIntoView({block: "nearest"});
  }
  // ?disagree=1&fragile=1&principle=NAME&q=TEXT preset the filters: a filtered view is a link
  function preset() {
    var params = new URLSearchParams(window.location.search);
    var boxes = {"disagree": "f-disagree", "fragile": "f-fragile"};
    Object.keys(boxes).forEach(function (name) {
      var el = document.getElementById(boxes[name]);
      if (el && params.get(name) === "1") { el.checked = true; }
    });
    var select = document.getElementById("f-principle");
    if (select && params.has("principle")) { select.value = params.get("principle"); }
    var text = document.getElementById("f-text");
    if (text && params.has("q")) { text.value = params.get("q"); }
  }
  if (form) {
    preset();
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();
