// Lotsen: "my unit" on the start page, and the search's unit and type filters.
// The unit is kept on the phone (localStorage): no server, no cookie. Without this
// script the start page lists every unit and the search page searches everything.
(function () {
  "use strict";
  var KEY = "lotsen-enhet";

  function stored() {
    try { return window.localStorage.getItem(KEY) || ""; } catch (e) { return ""; }
  }
  function store(code) {
    try {
      if (code) window.localStorage.setItem(KEY, code); else window.localStorage.removeItem(KEY);
    } catch (e) { /* private mode: the choice lasts this visit */ }
  }

  // The unit's routines, read from its own page (same site; cached for offline use).
  function showRoutines(section, option) {
    var box = section.querySelector(".lotsen-my-unit-routines");
    box.textContent = "";
    if (!option || !option.value) return;
    var url = new URL(option.getAttribute("data-url"), document.baseURI);
    var more = document.createElement("p");
    var link = document.createElement("a");
    link.href = url.href;
    link.textContent = "Allt som gäller för " + option.textContent.trim();
    more.appendChild(link);
    fetch(url.href).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var list = page.querySelector(".lotsen-unit-routines ul");
      if (!list) throw new Error("no list");
      list.querySelectorAll("a[href]").forEach(function (a) {
        a.setAttribute("href", new URL(a.getAttribute("href"), url).href);
      });
      box.appendChild(document.importNode(list, true));
      box.appendChild(more);
    }).catch(function () { box.appendChild(more); });
  }

  // Routines that hold for the unit come first in the start page's lists.
  function reorder(code) {
    document.querySelectorAll(".lotsen-recent").forEach(function (list) {
      var items = Array.prototype.slice.call(list.children);
      items.forEach(function (li, i) { if (!li.hasAttribute("data-order")) li.setAttribute("data-order", i); });
      items.sort(function (a, b) {
        var mine = function (li) { return code && (" " + li.getAttribute("data-lotsen-units") + " ").indexOf(" " + code + " ") >= 0 ? 0 : 1; };
        return (mine(a) - mine(b)) || (a.getAttribute("data-order") - b.getAttribute("data-order"));
      });
      items.forEach(function (li) { list.appendChild(li); });
    });
    document.querySelectorAll("[data-lotsen-unit]").forEach(function (li) {
      li.classList.toggle("lotsen-mine", li.getAttribute("data-lotsen-unit") === code);
    });
  }

  // The search's filters (lotsen/search-form.html): the script search reads them here,
  // a choice from the address (sok.html?q=…&enhet=…) is kept, and changing one searches again.
  // Without a choice in the address, the unit filter starts at the unit chosen on the
  // start page (its option carries the unit's code); "Alla" is one choice away. The
  // summary of the folded filters names what is chosen, so a narrowed search is never
  // a surprise.
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-lotsen-filter]"));
  var params = new URLSearchParams(location.search);
  function showChosen() {
    var chosen = selects.filter(function (s) { return s.value; })
      .map(function (s) { return s.selectedOptions[0].textContent.trim(); });
    document.querySelectorAll(".lotsen-filters-chosen").forEach(function (span) {
      span.textContent = chosen.length ? ": " + chosen.join(", ") : "";
    });
  }
  function preselectUnit(code) {
    selects.forEach(function (select) {
      if (params.has(select.name)) return;
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.getAttribute("data-enhet") === code;
      });
      if (option) select.value = option.value;
      else if (select.querySelector("option[data-enhet]")) select.value = "";
    });
    showChosen();
  }
  selects.forEach(function (select) {
    var wanted = params.get(select.name);
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
    }
    select.addEventListener("change", function () {
      showChosen();
      var input = document.getElementById("sokfalt");
      if (input) input.dispatchEvent(new Event("input"));
    });
  });
  preselectUnit(stored());
  window.lotsenFilters = function () {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-lotsen-filter")] = select.value;
    });
    return filters;
  };

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("min-enhet");
    var select = document.getElementById("valj-enhet");
    if (section && select) {
      section.hidden = false;
      var code = stored();
      if (code && select.querySelector('option[value="' + code.replace(/["\\]/g, "") + '"]')) {
        select.value = code;
      } else {
        code = "";
      }
      reorder(code);
      showRoutines(section, select.selectedOptions[0]);
      select.addEventListener("change", function () {
        store(select.value);
        preselectUnit(select.value);
        reorder(select.value);
        showRoutines(section, select.selectedOptions[0]);
      });
    }
  });
})();
