// wikikg: search-box autocomplete (DBpedia Lookup's prefix API) and query-editor niceties.
(function () {
  "use strict";

  function autocomplete(input) {
    var endpoint = input.getAttribute("data-autocomplete");
    var form = input.form;
    var list = document.createElement("ul");
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.id = "suggest-" + Math.random().toString(36).slice(2);
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var items = [], active = -1, timer = null, seq = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function select(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
    }
    function go(i) { if (items[i]) { window.location.href = items[i].page[0]; } }
    function render(docs) {
      items = docs; list.textContent = "";
      docs.forEach(function (d, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        var label = document.createElement("span"); label.className = "s-label"; label.dir = "auto";
        label.textContent = d.label[0];
        var meta = document.createElement("span"); meta.className = "s-meta";
        var bits = [];
        if (d.redirectlabel) bits.push("from “" + d.redirectlabel[0] + "”");
        else if (d.matchedLabel) bits.push("“" + d.matchedLabel[0] + "”");
        if (d.typeName && d.typeName.length) bits.push(d.typeName.join(", "));
        bits.push(d.refCount[0] + " links");
        meta.textContent = bits.join(" · ");
        li.appendChild(label); li.appendChild(meta);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(i); });
        list.appendChild(li);
      });
      if (docs.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); select(-1); } else { close(); }
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++seq;
      fetch(endpoint + "?maxResults=8&format=json&query=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { docs: [] }; })
        .then(function (data) { if (mine === seq) render(data.docs || []); })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 120); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); select(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(Math.max(active - 1, -1)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); go(active); }
      else if (e.key === "Escape") { close(); }
      if (active >= 0) input.setAttribute("aria-activedescendant", list.id + "-" + active);
      else input.removeAttribute("aria-activedescendant");
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function editor(textarea) {
    var form = textarea.form;
    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.submit(); }
      else if (e.key === "Tab" && !e.shiftKey) {
        e.preventDefault();
        var s = textarea.selectionStart, t = textarea.selectionEnd;
        textarea.value = textarea.value.slice(0, s) + "  " + textarea.value.slice(t);
        textarea.selectionStart = textarea.selectionEnd = s + 2;
      }
    });
    var format = document.getElementById("format");
    form.addEventListener("submit", function () {
      // machine formats open as a plain GET so that the result can be saved or shared
      if (format && format.value !== "html") { form.method = "get"; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-query]"), function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        textarea.value = a.getAttribute("data-query");
        textarea.focus();
      });
    });
  }

  // A depiction that cannot be loaded (gone from Commons, blocked) leaves no broken-image box.
  // Here rather than in an inline onerror attribute, which the Content-Security-Policy forbids.
  function hideBroken(img) { if (img.parentNode) img.parentNode.hidden = true; }
  document.addEventListener("error", function (e) {
    var t = e.target;
    if (t && t.tagName === "IMG" && t.closest && t.closest("figure.depiction")) hideBroken(t);
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("figure.depiction img"), function (img) {
      if (img.complete && img.naturalWidth === 0 && img.currentSrc) hideBroken(img);
    });
    Array.prototype.forEach.call(document.querySelectorAll("input[data-autocomplete]"), autocomplete);
    var q = document.getElementById("query");
    if (q && q.tagName === "TEXTAREA") editor(q);
  });
})();
