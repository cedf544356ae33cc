// Filters you can share, on the timeline page: narrow the record by party, topic, type,
// tag and dates, and keep the choice in the page's address, so that a filtered view can
// be sent on and opened again, on the website and from file:// alike:
//
//   ?party=russia&party=ukraine&topic=ceasefire&type=talks&tag=istanbul-process
//    &from=2025-05&to=2025-07
//
// A key given several times matches any of its values (values separated by commas are
// read too); different keys must all match. `from` and `to` take a year, a month or a day:
// from the first day of the one to the last day of the other, and an event matches when
// its dates meet that span. The events that match are listed newest first, a hundred at
// a time. The record is filter-data.js beside the page (a script, so that it loads from
// file:// too); every text from it is put in the page as text nodes, never as markup.
// Without this script the form stays hidden and the page lists the years and months.
(function () {
  var root = document.querySelector(".tl-filter[data-filter]");
  if (!root) return;
  var KEYS = ["party", "topic", "type", "tag"];
  var STEP = 100;  // events rendered at a time: the page stays fast at 10,000 matches
  // An event: [first day, last day or "", date as said, title, id, page, type, parties,
  // topics, tags, mediators]; the last lists may be missing when empty.
  var E = {start: 0, end: 1, said: 2, title: 3, id: 4, page: 5, type: 6, party: 7,
           topic: 8, tag: 9, mediators: 10};

  var loader = document.createElement("script");
  loader.src = root.getAttribute("data-filter");
  loader.onload = function () {
    if (window.TIMELINE_FILTER) setUp(window.TIMELINE_FILTER);
  };
  document.head.appendChild(loader);

  function setUp(data) {
    style();
    var words = data.words;
    var boxes = {}, index = {};
    KEYS.forEach(function (key) {
      boxes[key] = Array.prototype.slice.call(
        root.querySelectorAll("input[type=checkbox][name=" + key + "]"));
      index[key] = {};
      (data.ids[key] || []).forEach(function (id, n) { index[key][id] = n; });
    });
    var from = root.querySelector("input[name=from]");
    var to = root.querySelector("input[name=to]");
    var count = root.querySelector(".tl-filter-count");
    var list = root.querySelector(".tl-filter-results");
    var more = root.querySelector(".tl-filter-more");
    var matches = [], shown = 0;

    // The address opens the filter it names; unknown values are left out.
    var params = new URLSearchParams(window.location.search);
    KEYS.forEach(function (key) {
      var wanted = [];
      params.getAll(key).forEach(function (value) {
        wanted = wanted.concat(value.split(",").map(function (v) { return v.trim(); }));
      });
      boxes[key].forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    });
    from.value = params.get("from") || "";
    to.value = params.get("to") || "";

    boxes.party.concat(boxes.topic, boxes.type, boxes.tag).forEach(function (box) {
      box.addEventListener("change", function () { update(true); });
    });
    [from, to].forEach(function (input) {
      input.addEventListener("input", function () {
        if (span(input.value) || !input.value.trim()) update(true);
        else mark();
      });
      input.addEventListener("change", function () { update(true); });
    });
    var toggles = root.querySelectorAll(".tl-filter-toggle");
    for (var t = 0; t < toggles.length; t++) setUpToggle(toggles[t]);
    root.querySelector(".tl-filter-clear").addEventListener("click", function () {
      KEYS.forEach(function (key) {
        boxes[key].forEach(function (box) { box.checked = false; });
      });
      from.value = to.value = "";
      update(true);
    });
    more.addEventListener("click", function () { showMore(true); });
    root.hidden = false;
    update(false);

    function setUpToggle(toggle) {
      var panel = document.getElementById(toggle.getAttribute("aria-controls"));
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        panel.hidden = !open;
      });
      panel.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") return;
        toggle.setAttribute("aria-expanded", "false");
        panel.hidden = true;
        toggle.focus();
      });
    }

    // The choice now: for each key, the indexes wanted (null: any); the dates' span.
    function choice() {
      var chosen = {};
      KEYS.forEach(function (key) {
        var wanted = null;
        boxes[key].forEach(function (box) {
          if (!box.checked || !(box.value in index[key])) return;
          wanted = wanted || {};
          wanted[index[key][box.value]] = true;
        });
        chosen[key] = wanted;
      });
      var first = span(from.value), last = span(to.value);
      chosen.from = first ? first[0] : "";
      chosen.to = last ? last[1] : "";
      if (chosen.from && chosen.to && chosen.from > chosen.to) {  // given the wrong way round
        chosen.from = last[0];
        chosen.to = first[1];
      }
      return chosen;
    }

    function any(ids, wanted) {
      if (!ids) return false;
      for (var i = 0; i < ids.length; i++) if (wanted[ids[i]]) return true;
      return false;
    }

    function matching(e, chosen) {
      if (chosen.from && (e[E.end] || e[E.start]) < chosen.from) return false;
      if (chosen.to && e[E.start] > chosen.to) return false;
      if (chosen.type && !chosen.type[e[E.type]]) return false;
      if (chosen.party && !any(e[E.party], chosen.party) &&
          !any(e[E.mediators], chosen.party)) return false;
      if (chosen.topic && !any(e[E.topic], chosen.topic)) return false;
      if (chosen.tag && !any(e[E.tag], chosen.tag)) return false;
      return true;
    }

    // Without a choice the page stays the list of years below; with one, the events that
    // match are listed above it.
    function update(remember) {
      var chosen = choice();
      var active = chosen.from || chosen.to ||
        KEYS.some(function (key) { return chosen[key]; });
      matches = [];
      for (var i = data.events.length - 1; active && i >= 0; i--) {  // newest first
        if (matching(data.events[i], chosen)) matches.push(i);
      }
      count.textContent = !active ? words.prompt :
        matches.length ? counted(matches.length) : words.none;
      list.textContent = "";
      shown = 0;
      showMore(false);
      mark();
      if (remember) keep();
    }

    function counted(n) {
      var form = words.count[+(words.plural.charAt(n) || 0)] || words.count[0];
      return form.replace("{count}", String(n));
    }

    // What each toggle holds, beside its name; which date does not read as one.
    function mark() {
      KEYS.forEach(function (key) {
        var label = root.querySelector(".tl-filter-chosen[data-for=" + key + "]");
        if (!label) return;
        var names = boxes[key].filter(function (box) { return box.checked; })
          .map(function (box) { return box.parentNode.textContent.trim(); });
        label.textContent = names.length ? ": " + names.join(", ") : "";
      });
      [from, to].forEach(function (input) {
        var wrong = input.value.trim() !== "" && !span(input.value);
        if (wrong) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      });
    }

    function showMore(focus) {
      var end = Math.min(shown + STEP, matches.length), first = null;
      var items = document.createDocumentFragment();
      for (; shown < end; shown++) {
        var li = item(data.events[matches[shown]]);
        first = first || li;
        items.appendChild(li);
      }
      list.appendChild(items);
      var left = matches.length - shown;
      more.hidden = left <= 0;
      more.parentNode.hidden = left <= 0;
      more.textContent = words.more.replace("{count}", String(Math.min(STEP, left)));
      if (focus && first) first.querySelector("a").focus();
    }

    function item(e) {
      var li = el("li");
      li.appendChild(el("span", e[E.said], "tl-filter-when"));
      li.appendChild(document.createTextNode(" "));
      var link = el("a", e[E.title]);
      link.setAttribute("href", data.pages[e[E.page]] + "#" + e[E.id]);
      li.appendChild(link);
      var about = [data.types[e[E.type]]];
      var parties = names(e[E.party]);
      if (parties) about.push(parties);
      var mediators = names(e[E.mediators]);
      if (mediators) about.push(words.mediated.replace("{parties}", mediators));
      li.appendChild(el("span", about.join(" · "), "tl-filter-about"));
      return li;
    }

    function names(ids) {
      return (ids || []).map(function (n) { return data.parties[n]; }).join(", ");
    }

    // The address keeps the choice: each key once per value, in the form's order.
    function keep() {
      var params = new URLSearchParams(window.location.search);
      KEYS.concat(["from", "to"]).forEach(function (key) { params.delete(key); });
      KEYS.forEach(function (key) {
        boxes[key].forEach(function (box) { if (box.checked) params.append(key, box.value); });
      });
      [from, to].forEach(function (input) {
        if (span(input.value)) params.set(input.name, input.value.trim());
      });
      var query = params.toString();
      try {
        window.history.replaceState(null, "", (query ? "?" + query : window.location.pathname) +
                                    window.location.hash);
      } catch (refused) {
        // Some browsers refuse to change a file:// address; the view still changes.
      }
    }
  }

  // A year, month or day (2025, 2025-05, 2025-05-16) as its first and last day, or null.
  function span(text) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
    if (!m || m[1] === "0000") return null;
    if (!m[2]) return [m[1] + "-01-01", m[1] + "-12-31"];
    var month = +m[2];
    if (month < 1 || month > 12) return null;
    var days = daysIn(+m[1], month);
    if (!m[3]) return [m[1] + "-" + m[2] + "-01", m[1] + "-" + m[2] + "-" + days];
    if (+m[3] < 1 || +m[3] > days) return null;
    return [m[0], m[0]];
  }

  function daysIn(year, month) {
    if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
    return [4, 6, 9, 11].indexOf(month) >= 0 ? 30 : 31;
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // The form's look, in both colour schemes (Material's variables); added only with the
  // script, since only the script shows the form.
  function style() {
    if (document.getElementById("tl-filter-style")) return;
    var sheet = el("style");
    sheet.id = "tl-filter-style";
    sheet.textContent = [
      ".md-typeset .tl-filter { margin: 1em 0 2em; padding: 0.8rem 0.9rem;",
      "  border: 0.05rem solid var(--md-default-fg-color--lightest); border-radius: 0.2rem; }",
      "@media screen and (max-width: 44.9375em) {",
      "  .md-typeset .tl-filter { padding: 0.6rem; } }",
      ".md-typeset .tl-filter-title { margin: 0 0 0.5rem; font-weight: 700; }",
      ".md-typeset .tl-filter-bar { display: flex; flex-wrap: wrap; align-items: center;",
      "  gap: 0.5rem 0.6rem; }",
      ".md-typeset .tl-filter button { font: inherit; color: var(--md-typeset-a-color);",
      "  border: 0.1rem solid currentcolor; border-radius: 0.2rem; padding: 0.2rem 0.6rem;",
      "  background: transparent; cursor: pointer; max-width: 100%; text-align: left; }",
      // The toggle's arrow is a border, not a character a screen reader would read out.
      ".md-typeset .tl-filter-toggle::after { content: \"\"; display: inline-block;",
      "  margin: 0 0.15rem 0.2rem 0.5rem; padding: 0.17rem; vertical-align: middle;",
      "  border: solid currentcolor; border-width: 0 0.1rem 0.1rem 0; transform: rotate(45deg); }",
      ".md-typeset .tl-filter-toggle[aria-expanded=true]::after {",
      "  margin-bottom: -0.1rem; transform: rotate(-135deg); }",
      ".md-typeset .tl-filter-toggle[aria-expanded=true] {",
      "  background: var(--md-default-fg-color--lightest); }",
      ".md-typeset .tl-filter-chosen { font-weight: 700; }",
      ".md-typeset .tl-filter-dates { display: inline-flex; flex-wrap: wrap;",
      "  align-items: center; gap: 0.3rem; }",
      ".md-typeset .tl-filter input[type=text] { font: inherit; width: 7.5em;",
      "  padding: 0.2rem 0.4rem; color: var(--md-default-fg-color);",
      "  background: var(--md-default-bg-color); border-radius: 0.2rem;",
      "  border: 0.05rem solid var(--md-default-fg-color--light); }",
      ".md-typeset .tl-filter input[aria-invalid=true] { border: 0.15rem solid #c62828; }",
      // The bar: the buttons, the dates, then the hint on a line of its own, then the lists
      // opened (each follows its button in the page, for the keyboard, but shows below).
      ".md-typeset .tl-filter-hint { flex: 0 0 100%; margin: 0; font-size: 0.7rem; }",
      ".md-typeset .tl-filter-panel { order: 1; flex: 0 0 100%; box-sizing: border-box;",
      "  margin: 0; padding: 0.3rem 0.7rem 0.5rem; min-width: 0;",
      "  max-height: 15rem; overflow: auto; border-radius: 0.2rem;",
      "  border: 0.05rem solid var(--md-default-fg-color--lighter); }",
      ".md-typeset .tl-filter-panel[hidden] { display: none; }",
      ".md-typeset .tl-filter-panel legend { padding: 0 0.3rem; font-weight: 700; }",
      ".md-typeset .tl-filter-panel label { display: inline-flex; align-items: center;",
      "  gap: 0.3rem; margin: 0.15rem 1.2rem 0.15rem 0; }",
      ".md-typeset .tl-filter-count { margin: 1rem 0 0.4rem; font-weight: 700; }",
      ".md-typeset ul.tl-filter-results { margin: 0; padding: 0; list-style: none; }",
      ".md-typeset ul.tl-filter-results li { margin: 0 0 0.55rem; padding: 0; }",
      ".md-typeset .tl-filter-when { font-weight: 700; margin-right: 0.2rem; }",
      ".md-typeset .tl-filter-about { display: block; font-size: 0.7rem;",
      "  color: var(--md-default-fg-color--light); }",
      ".md-typeset .tl-filter-more { margin-top: 0.3rem; }"
    ].join("\n");
    document.head.appendChild(sheet);
  }
})();
