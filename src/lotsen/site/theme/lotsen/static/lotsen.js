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

  var OFFLINE_SEARCH = "Sökningen behöver nät: du är offline och sökningen är inte sparad i telefonen. " +
    "De rutiner du har läst finns sparade, se startsidan eller din enhets sida.";

  // A file's path under the site as an address: each part percent-encoded, so that a
  // name with å, ä, ö, a space, # or ? is the page's address (offline.json holds names).
  function href(path) {
    return path.split("/").map(encodeURIComponent).join("/");
  }

  // offline.json: the site's pages and routines, from the network or the phone's copy.
  function siteIndex() {
    return fetch(root + "offline.json").then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  function saved(url) {
    return "caches" in window ? caches.match(url, { ignoreSearch: true }).then(function (hit) { return !!hit; })
      : Promise.resolve(false);
  }
  // Whether every file the search needs is saved in the phone.
  function searchSaved() {
    return siteIndex().then(function (site) {
      if (!site.search.length) return false;
      return Promise.all(site.search.map(function (f) { return saved(root + f); })).then(function (all) {
        return all.every(Boolean);
      });
    }).catch(function () { return false; });
  }
  function kb(bytes) { return Math.max(1, Math.round(bytes / 1024)) + " kB"; }
  function routinesWord(n) { return n + (n === 1 ? " rutin" : " rutiner"); }

  // The offline page: which page was not saved, and the routines that are.
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("sparade");
    if (!list || !("caches" in window)) return;
    var page = new URLSearchParams(location.search).get("sida");
    var retry = document.querySelector(".offline-retry");
    if (page && retry && !/^[a-z]+:|^\/\//i.test(page)) {
      retry.querySelector("a").setAttribute("href", root + page);
      retry.hidden = false;
    }
    siteIndex().then(function (site) {
      return Promise.all(site.routines.map(function (r) { return saved(root + href(r.url)); })).then(function (have) {
        var items = site.routines.filter(function (r, i) { return have[i]; });
        items.forEach(function (r) {
          var li = document.createElement("li"), a = document.createElement("a"), id = document.createElement("span");
          a.href = root + href(r.url);
          a.textContent = r.title;
          id.className = "id";
          id.textContent = r.id;
          a.appendChild(id);
          li.appendChild(a);
          list.appendChild(li);
        });
        var empty = document.getElementById("sparade-tomt");
        if (empty) empty.hidden = items.length > 0;
      });
    }).catch(function () {});
  });

  // "Spara min enhets rutiner": the size first, then every routine of the unit (and
  // the search index) saved by the service worker in one go.
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".spara[data-enhet]");
    if (!box || !("serviceWorker" in navigator) || !("caches" in window)) return;
    var unit = box.getAttribute("data-enhet");
    var button = box.querySelector("button"), status = box.querySelector(".spara-status");
    siteIndex().then(function (site) {
      var mine = site.routines.filter(function (r) { return r.units.indexOf(unit) >= 0; });
      if (!mine.length) return;
      var bytes = mine.reduce(function (sum, r) { return sum + r.bytes; }, site.search_bytes);
      status.textContent = routinesWord(mine.length) + " och sökningen, ungefär " + kb(bytes) + ".";
      box.hidden = false;
      button.addEventListener("click", function () {
        button.disabled = true;
        status.textContent = "Sparar " + routinesWord(mine.length) + " …";
        navigator.serviceWorker.ready.then(function (reg) {
          navigator.serviceWorker.addEventListener("message", function done(event) {
            if (!event.data || event.data.type !== "sparat") return;
            navigator.serviceWorker.removeEventListener("message", done);
            button.disabled = false;
            status.textContent = "Sparat: " + routinesWord(mine.length) + " och sökningen finns nu i telefonen.";
          });
          reg.active.postMessage({
            type: "spara",
            pages: mine.map(function (r) { return root + href(r.url); }),
            files: site.search.map(function (f) { return root + href(f); }),
          });
        });
      });
    }).catch(function () {});
  });

  // Tell the reader when the page comes from the phone's own copy.
  function offlineNote() {
    var main = document.getElementById("innehall");
    if (!main || navigator.onLine || document.querySelector(".offline-note, #sparade")) return;
    var note = document.createElement("p");
    note.className = "offline-note";
    note.setAttribute("role", "status");
    note.textContent = "Du är offline. Du läser den version som sparades senast du var här.";
    main.insertBefore(note, main.firstChild);
  }
  window.addEventListener("offline", offlineNote);
  document.addEventListener("DOMContentLoaded", offlineNote);

  // A table wider than the screen scrolls in its own frame, and says so.
  function tableHints() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("scrolls", wide);
      var hint = wrap.previousElementSibling;
      var has = hint && hint.classList.contains("table-hint");
      if (wide && !has) {
        hint = document.createElement("p");
        hint.className = "table-hint";
        hint.textContent = "Tabellen är bredare än skärmen. Svep i sidled för att se alla kolumner.";
        wrap.parentNode.insertBefore(hint, wrap);
      } else if (!wide && has) {
        hint.remove();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", tableHints);
  window.addEventListener("resize", tableHints);

  // Nytt och ändrat: only the chosen unit's routines (lotsen-enhet), with a way to all.
  document.addEventListener("DOMContentLoaded", function () {
    var note = document.querySelector(".nytt-filter");
    var items = document.querySelectorAll(".nytt li[data-enhet]");
    var unit = null;
    try { unit = window.localStorage.getItem("lotsen-enhet"); } catch (e) { unit = null; }
    if (!note || !unit) return;
    var mine = 0;
    items.forEach(function (li) {
      var match = li.getAttribute("data-enhet").split(" ").indexOf(unit) >= 0;
      li.hidden = !match;
      mine += match ? 1 : 0;
    });
    note.textContent = "Visar " + routinesWord(mine) + " för din enhet. ";
    var all = document.createElement("button");
    all.type = "button";
    all.textContent = "Visa alla enheter";
    all.addEventListener("click", function () {
      items.forEach(function (li) { li.hidden = false; });
      note.textContent = "Visar alla enheter.";
    });
    note.appendChild(all);
    note.hidden = false;
  });

  // A unit's binder: a button that prints it.
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".parm-skriv-ut");
    if (!button || !window.print) return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

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
    // The index is a base and, after edits, a part of the pages changed since
    // (lotsen-delar.json, site/search_parts.py): both are searched, and the base's
    // hits on pages the part replaces are left out.
    var replaced = {};
    var OPTIONS = { baseUrl: root, excerptLength: 14 };  // the base's and the part's alike
    function load() {
      if (!engine) {
        // asked for again each time (a server may keep pagefind/ for a day)
        var parts = fetch(root + "pagefind/lotsen-delar.json", { cache: "no-cache" }).then(function (r) {
          return r.ok ? r.json() : {};
        }).catch(function () { return {}; });
        engine = Promise.all([import(root + "pagefind/pagefind.js"), parts]).then(function (loaded) {
          var pf = loaded[0], part = loaded[1] || {};
          function leaveOut() { (part.replaced || []).forEach(function (id) { replaced[id] = true; }); }
          return pf.options(Object.assign({ bundlePath: root + "pagefind/" }, OPTIONS)).then(function () {
            if (!part.changes) return leaveOut();
            // Pagefind takes in a part it cannot read and then fails every search:
            // without the part, the base is searched whole rather than not at all
            var bundle = root + "pagefind/" + part.changes;
            return fetch(bundle + "pagefind-entry.json", { cache: "no-cache" }).then(function (r) {
              if (!r.ok) return null;
              return pf.mergeIndex(bundle, OPTIONS).then(leaveOut);
            }).catch(function () { return null; });
          }).then(function () { return pf; });
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
    // A result says what it is and for which unit, with a short excerpt of the text.
    function item(data) {
      var about = [data.meta.typ, data.meta.enhet].filter(Boolean).map(esc).join(" · ");
      return '<li><a href="' + esc(data.url) + '">' + esc(data.meta.title || data.url) + "</a>" +
        (about ? '<p class="traff-om">' + about + "</p>" : "") +
        '<p class="traff-utdrag">' + data.excerpt + "</p></li>";
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
      // Offline, search only an index that is saved whole: a part of it would answer
      // "no hits" for routines that exist.
      (navigator.onLine ? Promise.resolve(true) : searchSaved()).then(function (saved) {
        if (!saved) throw new Error("offline");
        return load();
      }).then(function (pf) { return pf.search(query, { filters: window.lotsenFilters ? window.lotsenFilters() : {} }); }).then(function (result) {
        if (ticket !== latest) return null;
        // a page written again with the same text is in both parts, under one ID
        var seen = {};
        found = { results: result.results.filter(function (r) {
          var keep = !replaced[r.id] && !seen[r.id];
          seen[r.id] = true;
          return keep;
        }) };
        shown = 0; list.innerHTML = "";
        return more(ticket).then(function () {
          if (ticket !== latest) return;
          performance.mark("lotsen-search-results");
          var count = found.results.length;
          status.textContent = (count === 0
            ? "Inga träffar på " + query + ". Pröva ett annat ord."
            : count + (count === 1 ? " träff" : " träffar") + " på " + query + ".") +
            (navigator.onLine ? "" : " Du är offline och söker i den sparade sökningen.");
        });
      }).catch(function () {
        status.textContent = navigator.onLine
          ? "Sökningen fungerar inte just nu. Bläddra efter enhet eller roll på startsidan."
          : OFFLINE_SEARCH;
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
