// vnstd: autocomplete for the search box (the page works without this file).
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list || !window.fetch) return;
  var KINDS = { code: "Mã hiệu", title: "Văn bản", heading: "Mục" };
  var items = [], active = -1, timer = null, seq = 0;

  function close() {
    list.hidden = true; list.innerHTML = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
  }
  function highlight(i) {
    active = i;
    Array.prototype.forEach.call(list.children, function (li, j) {
      li.setAttribute("aria-selected", j === i ? "true" : "false");
    });
    if (i >= 0) input.setAttribute("aria-activedescendant", "sugg-" + i);
  }
  function choose(i) { if (items[i]) window.location.href = items[i].url; }
  function render(data) {
    items = data.suggestions || [];
    list.innerHTML = "";
    if (!items.length) return close();
    items.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "sugg-" + i; li.setAttribute("role", "option");
      var kind = document.createElement("span"); kind.className = "kind"; kind.textContent = KINDS[s.kind] || s.kind;
      var text = document.createElement("span"); text.textContent = s.text;
      li.appendChild(kind); li.appendChild(text);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(-1);
  }
  function fetchSuggestions() {
    var q = input.value.trim(), mine = ++seq;
    if (q.length < 2) return close();
    fetch("/api/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (mine === seq) render(data); })
      .catch(close);
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 150); });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
    else if (e.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();

// vnstd: the filters are open on wide screens and one closed button on phones (CSS does the
// same where ::details-content exists; without this file the <details> still works by hand).
(function () {
  "use strict";
  var panel = document.querySelector("details.filters");
  if (!panel || !window.matchMedia) return;
  var phone = window.matchMedia("(max-width: 760px)");
  function fit() { panel.open = !phone.matches; }
  fit();
  if (phone.addEventListener) phone.addEventListener("change", fit);
  else if (phone.addListener) phone.addListener(fit);
})();
