/*
 * Jobbcoach chat widget: plain JavaScript, no dependencies, no CDN.
 *
 * Embed with one script tag, configured by an optional object defined before it:
 *
 *   <script>window.JobbcoachConfig = { startOpen: true };</script>
 *   <script src="https://jobbcoach.example/widget/jobbcoach-widget.js" defer></script>
 *
 * Options: apiBase (default: the origin the script came from), container (CSS selector: render
 * inline there instead of as a floating panel), startOpen, title, storageKey.
 *
 * Talks to the web app's /api/chat (which forwards to Rasa's REST channel) and identifies the
 * jobseeker by a random 128-bit id kept in localStorage, so the conversation survives reloads.
 *
 * Safety: every piece of user or bot text reaches the page through textContent or createTextNode,
 * never innerHTML; links are made only from http(s) URLs.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var scriptUrl = script && script.src ? new URL(script.src, document.baseURI) : null;

  var DEFAULTS = {
    apiBase: scriptUrl ? scriptUrl.origin : window.location.origin,
    container: null,
    startOpen: false,
    title: "Jobbcoach",
    storageKey: "jobbcoach.sender",
  };

  var TEXT = {
    open: "Chatta med Jobbcoach",
    close: "Stäng chatten",
    region: "Chatt med Jobbcoach",
    subtitle: "Din digitala jobbcoach",
    log: "Konversation med Jobbcoach",
    welcome: "Hej! Skriv vad du vill ha hjälp med, till exempel ”jag söker jobb som snickare i Umeå”.",
    inputLabel: "Skriv ditt meddelande",
    inputHint: "Enter skickar, Skift+Enter ger ny rad.",
    placeholder: "Skriv ett meddelande…",
    send: "Skicka",
    you: "Du skrev:",
    bot: "Jobbcoach skrev:",
    typing: "Jobbcoach skriver…",
    loadingHistory: "Hämtar konversationen…",
    unreachable: "Jobbcoach går inte att nå just nu.",
    willRetry: "Vi försöker igen automatiskt. Ditt meddelande skickas när anslutningen är tillbaka.",
    historyRetry: "Vi försöker igen automatiskt.",
    timeout: "Jobbcoach svarade inte i tid. Ditt meddelande kanske inte kom fram.",
    rejected: "Meddelandet kunde inte skickas.",
    retryNow: "Försök igen nu",
    resend: "Skicka igen",
    back: "Anslutningen är tillbaka.",
    image: "Bild från Jobbcoach",
    newTab: "(öppnas i ny flik)",
  };

  var MAX_CHARS = 20000;  // as the Rasa REST channel's guard: a CV of several pages fits
  var REQUEST_TIMEOUT_MS = 65000;
  var RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];

  var config = Object.assign({}, DEFAULTS, window.JobbcoachConfig || {});
  var apiBase = String(config.apiBase || "").replace(/\/+$/, "");

  // ---------------------------------------------------------------- identity

  var memoryStore = {};
  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return memoryStore[key] || null; }
  }
  function storageSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { memoryStore[key] = value; }
  }

  /** The jobseeker's random 128-bit id; whoever holds it can read this conversation's history. */
  function senderId() {
    var id = storageGet(config.storageKey);
    if (id && /^[0-9a-f]{32}$/.test(id)) return id;
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    id = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    storageSet(config.storageKey, id);
    return id;
  }
  var startedKey = config.storageKey + ".started";

  // ---------------------------------------------------------------- API

  /** A failed call, by what the widget should do about it. */
  function ChatError(kind) { this.kind = kind; }  // "unreachable" (safe to resend) | "timeout" | "rejected"

  async function call(method, path, body) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    var response;
    try {
      response = await fetch(apiBase + path, {
        method: method,
        headers: body ? { "Content-Type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: controller.signal,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (error) {
      // Aborted: the request was sent but no answer came. Otherwise the web app was not reached.
      throw new ChatError(error && error.name === "AbortError" ? "timeout" : "unreachable");
    } finally {
      clearTimeout(timer);
    }
    // 503: the bot was not reached, nothing delivered. 502/504: it may have been, so no blind resend.
    if (response.status === 503) throw new ChatError("unreachable");
    if (response.status === 502 || response.status === 504) throw new ChatError("timeout");
    if (!response.ok) throw new ChatError("rejected");
    return response.json();
  }

  var api = {
    send: function (text) { return call("POST", "/api/chat/messages", { sender: senderId(), text: text }); },
    history: function () { return call("GET", "/api/chat/history?sender=" + encodeURIComponent(senderId())); },
    status: function () { return call("GET", "/api/chat/status"); },
  };

  // ---------------------------------------------------------------- DOM helpers (text only)

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function safeHttpUrl(candidate) {
    try {
      var url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(href, label) {
    var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow", text: label });
    a.appendChild(el("span", { className: "jc-sr-only", text: " " + TEXT.newTab }));
    return a;
  }

  // [label](https://…) or a bare http(s) URL; trailing punctuation stays outside the link.
  var LINK_PATTERN = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"']+)/gi;

  /** Append one line of bot text to `parent`, turning http(s) links into anchors. */
  function appendLinkified(parent, line) {
    var last = 0;
    line.replace(LINK_PATTERN, function (match, label, markdownUrl, bareUrl, offset) {
      var raw = markdownUrl || bareUrl;
      var trailing = "";
      if (bareUrl) {
        var cut = raw.match(/[.,;:!?)\]]+$/);
        if (cut) { trailing = cut[0]; raw = raw.slice(0, -trailing.length); }
      }
      var href = safeHttpUrl(raw);
      if (!href) return match;
      parent.appendChild(document.createTextNode(line.slice(last, offset)));
      parent.appendChild(link(href, label || raw));
      if (trailing) parent.appendChild(document.createTextNode(trailing));
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(line.slice(last)));
  }

  function textBlock(text, linkify) {
    var block = el("div", { className: "jc-text" });
    text.split("\n").forEach(function (line, index) {
      if (index > 0) block.appendChild(el("br"));
      if (linkify) appendLinkified(block, line);
      else block.appendChild(document.createTextNode(line));
    });
    return block;
  }

  // ---------------------------------------------------------------- the widget

  function Widget(root) {
    this.root = root;
    this.queue = [];          // texts waiting to be sent, in order
    this.sending = false;
    this.retryIndex = 0;
    this.retryTimer = null;
    this.build();
  }

  Widget.prototype.build = function () {
    var self = this;
    var floating = !config.container;
    var panelId = "jc-panel-" + Math.random().toString(36).slice(2, 8);

    this.panel = el("section", { className: "jc-panel", id: panelId, role: "region", "aria-label": TEXT.region });
    var heading = el("div", { className: "jc-heading" }, [
      el("h2", { className: "jc-title", text: config.title }),
      el("p", { className: "jc-subtitle", text: TEXT.subtitle }),
    ]);
    var header = el("header", { className: "jc-header" }, [heading]);
    if (floating) {
      this.closeButton = el("button", { type: "button", className: "jc-close", "aria-label": TEXT.close, title: TEXT.close, text: "×" });
      this.closeButton.addEventListener("click", function () { self.setOpen(false); self.launcher.focus(); });
      header.appendChild(this.closeButton);
    }

    this.log = el("div", { className: "jc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
                           "aria-label": TEXT.log, tabindex: "0" });
    this.welcome = el("p", { className: "jc-welcome", text: TEXT.welcome });
    this.log.appendChild(this.welcome);

    this.typing = el("div", { className: "jc-typing", role: "status", "aria-live": "polite" });
    this.alert = el("div", { className: "jc-alert", role: "alert", hidden: "hidden" });

    // A textarea, not an input: a pasted CV keeps its line breaks. Enter sends, Shift+Enter adds a line.
    var inputId = panelId + "-input";
    this.input = el("textarea", { id: inputId, className: "jc-input", rows: "1", maxlength: String(MAX_CHARS),
                                  autocomplete: "off", placeholder: TEXT.placeholder, enterkeyhint: "send",
                                  "aria-describedby": inputId + "-hint" });
    this.sendButton = el("button", { type: "submit", className: "jc-send", text: TEXT.send });
    this.form = el("form", { className: "jc-form" }, [
      el("label", { className: "jc-sr-only", for: inputId, text: TEXT.inputLabel }),
      el("span", { className: "jc-sr-only", id: inputId + "-hint", text: TEXT.inputHint }),
      this.input, this.sendButton,
    ]);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (!text) { self.input.focus(); return; }
      self.input.value = "";
      self.fitInput();
      self.submit(text, text);
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        self.form.requestSubmit ? self.form.requestSubmit() : self.form.dispatchEvent(new Event("submit", { cancelable: true }));
      }
    });
    this.input.addEventListener("input", function () { self.fitInput(); });

    this.panel.appendChild(header);
    this.panel.appendChild(this.log);
    this.panel.appendChild(this.typing);
    this.panel.appendChild(this.alert);
    this.panel.appendChild(this.form);

    if (floating) {
      this.root.classList.add("jc-floating");
      this.launcher = el("button", { type: "button", className: "jc-launcher", "aria-controls": panelId,
                                     "aria-expanded": "false", text: TEXT.open });
      this.launcher.addEventListener("click", function () { self.setOpen(true); self.input.focus(); });
      this.panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { self.setOpen(false); self.launcher.focus(); }
      });
      this.root.appendChild(this.launcher);
      this.setOpen(Boolean(config.startOpen));
    } else {
      this.root.classList.add("jc-inline");
    }
    this.root.appendChild(this.panel);

    window.addEventListener("online", function () { self.retrySoon(0); });
  };

  Widget.prototype.setOpen = function (open) {
    this.panel.hidden = !open;
    this.launcher.hidden = open;
    this.launcher.setAttribute("aria-expanded", String(open));
    if (open) this.scrollToEnd();
  };

  /** Grow the text box with its content, up to about five lines; then it scrolls. */
  Widget.prototype.fitInput = function () {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(this.input.scrollHeight + 4, 140) + "px";
  };

  Widget.prototype.scrollToEnd = function () { this.log.scrollTop = this.log.scrollHeight; };

  Widget.prototype.addUserMessage = function (text) {
    this.disableOldButtons();
    var bubble = this.userBubble(text);
    this.log.appendChild(bubble);
    this.scrollToEnd();
    return bubble;
  };

  Widget.prototype.addBotMessage = function (message) {
    var bubble = this.botBubble(message);
    this.log.appendChild(bubble);
    return bubble;
  };

  /** Show an answer from its beginning: a long list of ads is read from the top, not from its end. */
  Widget.prototype.revealFrom = function (node) {
    var end = this.log.scrollHeight - this.log.clientHeight;
    this.log.scrollTop = Math.min(node.offsetTop - 8, end);
  };

  Widget.prototype.userBubble = function (text) {
    return el("div", { className: "jc-msg jc-user" }, [
      el("span", { className: "jc-sr-only", text: TEXT.you + " " }), textBlock(text, false),
    ]);
  };

  Widget.prototype.botBubble = function (message) {
    var self = this;
    var bubble = el("div", { className: "jc-msg jc-bot" }, [el("span", { className: "jc-sr-only", text: TEXT.bot + " " })]);
    if (message.text) bubble.appendChild(textBlock(message.text, true));
    var image = message.image && safeHttpUrl(message.image);
    if (image) bubble.appendChild(el("img", { className: "jc-image", src: image, alt: TEXT.image, loading: "lazy" }));
    if (message.buttons && message.buttons.length) {
      var group = el("div", { className: "jc-buttons", role: "group", "aria-label": TEXT.bot + " svarsalternativ" });
      message.buttons.forEach(function (button) {
        var b = el("button", { type: "button", className: "jc-choice", text: button.title });
        b.addEventListener("click", function () {
          if (b.disabled) return;
          self.submit(button.payload, button.title);
          self.input.focus();
        });
        group.appendChild(b);
      });
      bubble.appendChild(group);
    }
    return bubble;
  };

  /** After a reload only the last message's buttons, if it is the bot's, can still be clicked. */
  Widget.prototype.disableButtonsBeforeLast = function () {
    var last = this.log.lastElementChild;
    Array.prototype.forEach.call(this.log.querySelectorAll(".jc-choice"), function (b) {
      if (!last || !last.contains(b)) b.disabled = true;
    });
  };

  /** Buttons answer the latest question only; older ones are kept visible but inactive. */
  Widget.prototype.disableOldButtons = function () {
    Array.prototype.forEach.call(this.log.querySelectorAll(".jc-choice"), function (b) {
      b.disabled = true;
    });
  };

  /** "busy" while a message is on its way, "offline" while waiting to retry, else "idle" (for styling and tests). */
  Widget.prototype.setState = function (state) { this.root.setAttribute("data-state", state); };

  Widget.prototype.setTyping = function (on) {
    this.typing.textContent = "";
    this.typing.classList.toggle("jc-active", on);
    if (on) {
      this.typing.appendChild(el("span", { className: "jc-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]));
      this.typing.appendChild(el("span", { className: "jc-typing-text", text: TEXT.typing }));
    }
  };

  Widget.prototype.showAlert = function (message, detail, actionLabel, action) {
    this.alert.textContent = "";
    this.alert.appendChild(el("strong", { text: message }));
    if (detail) this.alert.appendChild(el("span", { text: " " + detail }));
    if (actionLabel) {
      var button = el("button", { type: "button", className: "jc-retry", text: actionLabel });
      button.addEventListener("click", action);
      this.alert.appendChild(button);
    }
    this.alert.hidden = false;
    this.panel.classList.add("jc-offline");
  };

  Widget.prototype.clearAlert = function () {
    this.alert.hidden = true;
    this.alert.textContent = "";
    this.panel.classList.remove("jc-offline");
  };

  /** Show the user's words (or a button's title) at once, then deliver `text` in order. */
  Widget.prototype.submit = function (text, shown) {
    var bubble = this.addUserMessage(shown);
    this.queue.push({ text: text, shown: shown, bubble: bubble });
    storageSet(startedKey, "1");
    this.pump();
  };

  Widget.prototype.pump = async function () {
    if (this.sending || this.historyPending) return;
    if (!this.queue.length) { this.setState("idle"); return; }
    var self = this;
    var item = this.queue[0];
    this.sending = true;
    this.setState("busy");
    this.setTyping(true);
    item.bubble.classList.add("jc-pending");
    try {
      var reply = await api.send(item.text);
      this.queue.shift();
      item.bubble.classList.remove("jc-pending");
      this.retryIndex = 0;
      if (!this.alert.hidden) this.clearAlert();
      var first = null;
      (reply.messages || []).forEach(function (m) { var node = self.addBotMessage(m); first = first || node; });
      if (first) this.revealFrom(item.bubble);
    } catch (error) {
      var kind = error instanceof ChatError ? error.kind : "unreachable";
      this.sending = false;
      this.setTyping(false);
      if (kind === "unreachable") {
        // Nothing reached the bot: keep the message and resend it when the connection is back.
        this.showAlert(TEXT.unreachable, TEXT.willRetry, TEXT.retryNow, function () { self.retrySoon(0); });
        this.setState("offline");
        this.retrySoon();
      } else {
        // The bot may have received it: let the jobseeker decide instead of sending it twice.
        this.queue.shift();
        item.bubble.classList.remove("jc-pending");
        item.bubble.classList.add("jc-failed");
        this.showAlert(kind === "timeout" ? TEXT.timeout : TEXT.rejected, null, TEXT.resend, function () {
          self.clearAlert();
          self.submit(item.text, item.shown);
        });
        this.pump();
      }
      return;
    }
    this.sending = false;
    this.setTyping(false);
    this.pump();
  };

  /** Retry after the next backoff delay (or `delayMs`), whether a send or the history is waiting. */
  Widget.prototype.retrySoon = function (delayMs) {
    var self = this;
    clearTimeout(this.retryTimer);
    if (delayMs === undefined) {
      delayMs = RETRY_DELAYS_MS[Math.min(this.retryIndex, RETRY_DELAYS_MS.length - 1)];
      this.retryIndex += 1;
    }
    this.retryTimer = setTimeout(function () {
      if (self.historyPending) self.loadHistory();
      else self.pump();
    }, delayMs);
  };

  /** After a reload: show the conversation kept by Rasa for this browser's sender id. */
  Widget.prototype.loadHistory = async function () {
    var self = this;
    if (!storageGet(startedKey)) return;  // a first visit has no history to fetch
    this.historyPending = true;
    this.setState("busy");
    this.typing.textContent = TEXT.loadingHistory;
    try {
      var history = await api.history();
      this.historyPending = false;
      this.typing.textContent = "";
      this.retryIndex = 0;
      this.clearAlert();
      // Earlier messages go above anything typed while the history was loading.
      var fragment = document.createDocumentFragment();
      (history.messages || []).forEach(function (m) {
        fragment.appendChild(m.sender === "user" ? self.userBubble(m.text) : self.botBubble(m));
      });
      var hasNewer = this.queue.length > 0;
      this.log.insertBefore(fragment, this.welcome.nextSibling);
      if (hasNewer) this.disableOldButtons();
      else this.disableButtonsBeforeLast();
      this.scrollToEnd();
      this.pump();
    } catch (error) {
      this.typing.textContent = "";
      if (error instanceof ChatError && error.kind !== "unreachable") {
        // The bot is up but the history cannot be read (e.g. a server misconfiguration): chat on
        // without it rather than hold the jobseeker's messages back.
        this.historyPending = false;
        this.pump();
        return;
      }
      this.showAlert(TEXT.unreachable, TEXT.historyRetry, TEXT.retryNow, function () { self.retrySoon(0); });
      this.setState("offline");
      this.retrySoon();
    }
  };

  function start() {
    var root;
    if (config.container) {
      root = document.querySelector(config.container);
      if (!root) { console.error("Jobbcoach: hittar inte " + config.container); return; }
    } else {
      root = el("div");
      document.body.appendChild(root);
    }
    root.classList.add("jc-root");
    if (scriptUrl && !document.querySelector("link[data-jobbcoach]")) {
      var css = el("link", { rel: "stylesheet", href: new URL("jobbcoach-widget.css", scriptUrl).href, "data-jobbcoach": "" });
      document.head.appendChild(css);
    }
    var widget = new Widget(root);
    widget.setState("idle");
    window.Jobbcoach = { widget: widget, open: function () { if (widget.launcher) widget.setOpen(true); } };
    widget.loadHistory();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
