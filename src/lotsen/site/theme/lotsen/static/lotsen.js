// Lotsen: offline reading and search. Everything comes from this site.
(function () {
  "use strict";
  var rootMeta = document.querySelector('meta[name="lotsen-root"]');
  // Absolute, because import() resolves relative to this script, not the page.
  var root = new URL(rootMeta && rootMeta.content ? rootMeta.content : "./", document.baseURI).href;
  if (!/\/$/.test(root)) root += "/";

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function () {});
    });
  }

  // Tell the reader when the page comes from the phone's own copy.
  function offlineNote() {
    var main = document.getElementById("innehall");
    if (!main || navigator.onLine || document.querySelector(".offline-note")) return;
    var note = document.createElement("p");
    note.className = "offline-note";
    note.setAttribute("role", "status");
    note.textContent = "Du är offline. Du läser den version som sparades senast du var här.";
    main.insertBefore(note, main.firstChild);
  }
  window.addEventListener("offline", offlineNote);
  document.addEventListener("DOMContentLoaded", offlineNote);

  // A printed routine shows its folded-away document data too.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
  });

  // Process maps: mermaid is large, so it is fetched only when a map comes into view.
  document.addEventListener("DOMContentLoaded", function () {
    var charts = document.querySelectorAll("pre.mermaid");
    if (!charts.length || !("IntersectionObserver" in window)) return;
    var watcher = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; })) return;
      watcher.disconnect();
      import(root + "_static/mermaid/mermaid.esm.min.mjs").then(function (m) {
        var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
        m.default.initialize({ startOnLoad: false, theme: dark ? "dark" : "default", securityLevel: "strict" });
        return m.default.run({ nodes: charts });
      }).catch(function () {});
    });
    charts.forEach(function (c) { watcher.observe(c); });
  });

  // Search: loads the index only when someone searches.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("sok");
    var list = document.getElementById("sokresultat");
    var status = document.getElementById("sokstatus");
    if (!form || !list || !status) return;
    var input = form.querySelector("input[type=search]");
    var engine = null;
    function load() {
      if (!engine) {
        engine = import(root + "pagefind/pagefind.js").then(function (pf) {
          return pf.options({ baseUrl: root, bundlePath: root + "pagefind/" }).then(function () { return pf; });
        });
      }
      return engine;
    }
    function esc(text) {
      return String(text).replace(/[&<>"]/g, function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
      });
    }
    var latest = 0;
    // Start fetching the index as soon as someone is about to search.
    input.addEventListener("focus", function () { load(); }, { once: true });
    var PAGE = 5;  // results fetched at a time: each one is a request on a phone
    var found = null, shown = 0;
    function item(data) {
      var id = data.meta.id ? '<span class="id">' + esc(data.meta.id) + "</span> " : "";
      return '<li><a href="' + esc(data.url) + '">' + esc(data.meta.title || data.url) + "</a>" +
        "<p>" + id + data.excerpt + "</p></li>";
    }
    function more(ticket) {
      var batch = found.results.slice(shown, shown + PAGE);
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
        if (ticket !== latest) return;
        shown += batch.length;
        var old = list.querySelector(".more");
        if (old) old.remove();
        list.insertAdjacentHTML("beforeend", items.map(item).join(""));
        if (shown < found.results.length) {
          var li = document.createElement("li");
          li.className = "more";
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = "Visa fler träffar";
          button.addEventListener("click", function () { more(ticket); });
          li.appendChild(button);
          list.appendChild(li);
        }
      });
    }
    function run(query) {
      var ticket = ++latest;
      performance.mark("lotsen-search-start");
      if (!query.trim()) { list.innerHTML = ""; status.textContent = ""; return; }
      status.textContent = "Söker …";
      load().then(function (pf) { return pf.search(query); }).then(function (result) {
        if (ticket !== latest) return null;
        found = result; shown = 0; list.innerHTML = "";
        return more(ticket).then(function () {
          if (ticket !== latest) return;
          performance.mark("lotsen-search-results");
          var count = found.results.length;
          status.textContent = count === 0
            ? "Inga träffar på " + query + ". Pröva ett annat ord."
            : count + (count === 1 ? " träff" : " träffar") + " på " + query + ".";
        });
      }).catch(function () {
        status.textContent = "Sökningen fungerar inte just nu. Bläddra efter enhet eller roll på startsidan.";
      });
    }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 200);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      run(input.value);
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(initial); }
  });
})();
