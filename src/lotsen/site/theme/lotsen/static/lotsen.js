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

  // The site's policy allows no inline style (a style attribute or element), and a
  // page's parsers, mermaid's own included, report every one they meet. mermaid styles
  // the map it draws with both, so while it draws they go through the CSS object model
  // instead, which the policy allows: a style element becomes a constructed style
  // sheet, a style attribute a rule in one for a data attribute the element gets.
  var mapSheet = null, styled = 0;
  function adoptSheet(css) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    return sheet;
  }
  function styleRule(element, declarations) {
    if (!mapSheet) mapSheet = adoptSheet("");
    var parsed = document.createElement("div").style;
    parsed.cssText = declarations;
    var body = [];
    for (var i = 0; i < parsed.length; i++) {
      body.push(parsed[i] + ":" + parsed.getPropertyValue(parsed[i]) + " !important");
    }
    var key = String(++styled);
    Element.prototype.setAttribute.call(element, "data-lotsen-stil", key);
    mapSheet.insertRule('[data-lotsen-stil="' + key + '"]{' + body.join(";") + "}", mapSheet.cssRules.length);
  }
  function moveStyles(root) {
    root.querySelectorAll("[style]").forEach(function (element) {
      var declarations = element.getAttribute("style");
      element.removeAttribute("style");
      styleRule(element, declarations);
    });
  }
  function isStyleElement(node) { return node && node.nodeName && node.nodeName.toLowerCase() === "style"; }
  function withoutInlineStyles(work) {
    var setAttribute = Element.prototype.setAttribute;
    var insertBefore = Node.prototype.insertBefore;
    var appendChild = Node.prototype.appendChild;
    Element.prototype.setAttribute = function (name, value) {
      if (String(name).toLowerCase() === "style" && this.ownerDocument === document) {
        Element.prototype.setAttribute = setAttribute;
        try { styleRule(this, value); } finally { Element.prototype.setAttribute = patchedSetAttribute; }
        return undefined;
      }
      return setAttribute.call(this, name, value);
    };
    var patchedSetAttribute = Element.prototype.setAttribute;
    // mermaid also styles through element.style, and then reads the map as text: the
    // styles move into rules before it is read.
    var innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
    Object.defineProperty(Element.prototype, "innerHTML", {
      configurable: true, enumerable: innerHTML.enumerable, set: innerHTML.set,
      get: function () {
        if (this.ownerDocument === document && this.isConnected) moveStyles(this);
        return innerHTML.get.call(this);
      },
    });
    Node.prototype.insertBefore = function (node, before) {
      if (isStyleElement(node) && this.ownerDocument === document) { adoptSheet(node.textContent); return node; }
      return insertBefore.call(this, node, before);
    };
    Node.prototype.appendChild = function (node) {
      if (isStyleElement(node) && this.ownerDocument === document) { adoptSheet(node.textContent); return node; }
      return appendChild.call(this, node);
    };
    function restore() {
      Object.defineProperty(Element.prototype, "innerHTML", innerHTML);
      Element.prototype.setAttribute = setAttribute;
      Node.prototype.insertBefore = insertBefore;
      Node.prototype.appendChild = appendChild;
    }
    return Promise.resolve().then(work).then(function (value) { restore(); return value; },
                                             function (error) { restore(); throw error; });
  }
  function drawMap(mermaid, chart, id) {
    var code = chart.textContent;
    return withoutInlineStyles(function () { return mermaid.render(id, code); }).then(function (result) {
      var template = document.createElement("template");
      template.innerHTML = result.svg;  // holds no inline style any more
      var svg = template.content.querySelector("svg");
      if (!svg) return;
      chart.textContent = "";
      chart.appendChild(svg);
      chart.setAttribute("data-processed", "true");
      if (result.bindFunctions) result.bindFunctions(chart);
    });
  }

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
        return Array.prototype.reduce.call(charts, function (done, chart, i) {
          return done.then(function () { return drawMap(m.default, chart, "lotsen-karta-" + i); });
        }, Promise.resolve());
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
