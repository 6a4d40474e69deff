/*
 * The portal's only script. Everything works without it; it adds:
 * - HS code suggestions as you type (an ARIA 1.2 combobox on the plain text field),
 * - focus on the error summary when a form comes back with errors.
 * No inline scripts or handlers: loaded as a static file, so a strict CSP can forbid inline code.
 */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  // The part of the field being typed: after the last comma; for codes, after the last space.
  function currentQuery(value) {
    var lastComma = value.lastIndexOf(",");
    var head = value.slice(0, lastComma + 1);
    var tail = value.slice(lastComma + 1);
    if (/^[\d\s;]*$/.test(tail)) {
      var match = tail.match(/^(.*[\s;])?(\d*)$/);
      head += match[1] || "";
      tail = match[2] || "";
    }
    return { head: head, query: tail.trim() };
  }

  // The words the widget says, from the page (data-hs-words: the portal's language), with
  // English when a page does not give them.
  var HS_WORDS = {
    hint: "You can also type a product, such as “shrimps” or “cane sugar”, and choose a code from the list.",
    list: "Suggested HS codes",
    none: "No HS code matches.",
    one: "1 suggestion. Use the up and down arrows to choose.",
    many: "%(count)s suggestions. Use the up and down arrows to choose.",
    chapter: "Chapter %(code)s: %(description)s",
    added: "%(code)s %(description)s added."
  };

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function HsCodeSuggest(input) {
    this.input = input;
    this.words = {};
    var given = {};
    try {
      given = JSON.parse(input.getAttribute("data-hs-words") || "{}");
    } catch (error) {
      given = {};
    }
    for (var key in HS_WORDS) {
      this.words[key] = typeof given[key] === "string" ? given[key] : HS_WORDS[key];
    }
    this.url = input.getAttribute("data-hs-suggest");
    this.options = [];
    this.active = -1;
    this.timer = null;
    this.requestId = 0;

    var wrapper = document.createElement("div");
    wrapper.className = "suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    this.list = document.createElement("ul");
    this.list.id = input.id + "_suggestions";
    this.list.className = "suggest__list";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", this.words.list);
    this.list.hidden = true;
    wrapper.appendChild(this.list);

    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    wrapper.appendChild(this.status);

    var hint = document.createElement("div");
    hint.id = input.id + "_suggest_hint";
    hint.className = "field__hint";
    hint.textContent = this.words.hint;
    wrapper.parentNode.insertBefore(hint, wrapper);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + hint.id);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);

    var self = this;
    input.addEventListener("input", function () {
      window.clearTimeout(self.timer);
      self.timer = window.setTimeout(function () { self.fetch(); }, 200);
    });
    input.addEventListener("keydown", function (event) { self.onKey(event); });
    input.addEventListener("blur", function () {
      window.setTimeout(function () { self.close(); }, 150);
    });
    this.list.addEventListener("mousedown", function (event) {
      // Keep focus in the field while a suggestion is clicked.
      event.preventDefault();
    });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        self.choose(Number(option.getAttribute("data-index")));
      }
    });
  }

  HsCodeSuggest.prototype.fetch = function () {
    var self = this;
    var parts = currentQuery(this.input.value);
    if (parts.query.length < 2) {
      this.close();
      return;
    }
    var requestId = ++this.requestId;
    window
      .fetch(this.url + "?q=" + encodeURIComponent(parts.query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (requestId === self.requestId) {
          self.render(data.results || []);
        }
      })
      .catch(function () {
        self.close();
      });
  };

  HsCodeSuggest.prototype.render = function (results) {
    var self = this;
    this.options = results;
    this.active = -1;
    this.list.textContent = "";
    this.input.removeAttribute("aria-activedescendant");
    if (!results.length) {
      this.close();
      this.status.textContent = this.words.none;
      return;
    }
    results.forEach(function (result, index) {
      var item = document.createElement("li");
      item.id = self.list.id + "_" + index;
      item.className = "suggest__option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-index", String(index));
      var code = document.createElement("span");
      code.className = "suggest__code";
      code.textContent = result.code;
      item.appendChild(code);
      var text = document.createElement("span");
      text.className = "suggest__text";
      text.appendChild(document.createTextNode(result.description));
      // Where the subheading sits: its heading and chapter, to tell alike descriptions apart.
      var where = [];
      if (result.heading) {
        where.push(result.heading.code + " " + result.heading.description);
      }
      if (result.chapter) {
        where.push(
          fill(self.words.chapter, { code: result.chapter.code, description: result.chapter.description })
        );
      }
      if (where.length) {
        var context = document.createElement("span");
        context.className = "suggest__context";
        context.textContent = where.join(" · ");
        text.appendChild(context);
      }
      item.appendChild(text);
      self.list.appendChild(item);
    });
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.status.textContent = fill(results.length === 1 ? this.words.one : this.words.many, {
      count: results.length
    });
  };

  HsCodeSuggest.prototype.close = function () {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  HsCodeSuggest.prototype.highlight = function (index) {
    var items = this.list.querySelectorAll("[role=option]");
    if (!items.length) {
      return;
    }
    this.active = (index + items.length) % items.length;
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", i === this.active ? "true" : "false");
    }
    var current = items[this.active];
    this.input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  };

  HsCodeSuggest.prototype.choose = function (index) {
    var result = this.options[index];
    if (!result) {
      return;
    }
    var parts = currentQuery(this.input.value);
    var head = parts.head.replace(/\s*$/, "");
    if (head && !/[,;]$/.test(head)) {
      head += ",";
    }
    this.input.value = (head ? head + " " : "") + result.code + ", ";
    this.status.textContent = fill(this.words.added, {
      code: result.code,
      description: result.description
    });
    this.close();
    this.input.focus();
  };

  HsCodeSuggest.prototype.onKey = function (event) {
    var open = !this.list.hidden;
    if (event.key === "ArrowDown") {
      if (open) {
        event.preventDefault();
        this.highlight(this.active + 1);
      }
    } else if (event.key === "ArrowUp") {
      if (open) {
        event.preventDefault();
        this.highlight(this.active - 1);
      }
    } else if (event.key === "Enter") {
      if (open && this.active >= 0) {
        event.preventDefault();
        this.choose(this.active);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        this.close();
      }
    }
  };

  function start() {
    focusErrorSummary();
    if (!window.fetch) {
      return;
    }
    var inputs = document.querySelectorAll("input[data-hs-suggest]");
    for (var i = 0; i < inputs.length; i++) {
      new HsCodeSuggest(inputs[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
