// Starts Web Chat against the Direct Line endpoint the host names in /webchat/config.
// Every piece of text this script puts on the page goes through textContent (never innerHTML).
(function () {
  'use strict';

  var statusElement = document.getElementById('status');

  function showStatus(message) {
    statusElement.textContent = message;
  }

  function newUserId() {
    var random = window.crypto && window.crypto.getRandomValues ? window.crypto.getRandomValues(new Uint32Array(4)) : [Date.now(), Math.random() * 1e9];
    return 'web-' + Array.prototype.map.call(random, function (n) { return Math.floor(n).toString(36); }).join('');
  }

  // SAFETY: a Markdown image in bot text ("![x](https://…)") would make the browser fetch an address chosen by whoever
  // wrote that text (a classic way to leak a conversation). It is shown as a plain link instead; our texts use none.
  // Without a configured public URL a citation pop-up links to this host's label viewer by path ("](/labels/…)"), and
  // Web Chat's Markdown keeps only absolute links: such a path is resolved against this page (so it stays on this host).
  function renderBotMarkdown(markdown, newLineOptions, init) {
    var text = String(markdown).replace(/!\[/g, '\\![').replace(/\]\(\/labels\//g, '](' + window.location.origin + '/labels/');
    return window.WebChat.renderMarkdown(text, newLineOptions, init);
  }

  async function start() {
    if (!window.WebChat) {
      showStatus('Web Chat did not load (/webchat/webchat.js). Rebuild the host so npm installs botframework-webchat.');
      return;
    }
    var configResponse = await fetch('/webchat/config', { cache: 'no-store' });
    var config = await configResponse.json();
    var userId = newUserId();
    var tokenResponse = await fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } })
    });
    if (!tokenResponse.ok) {
      throw new Error('could not get a Direct Line token (HTTP ' + tokenResponse.status + ')');
    }
    var token = (await tokenResponse.json()).token;
    var options = { token: token, webSocket: config.webSocket, pollingInterval: config.pollingInterval };
    if (config.domain) {
      options.domain = new URL(config.domain, window.location.href).toString().replace(/\/$/, '');
    }
    window.WebChat.renderWebChat(
      {
        directLine: window.WebChat.createDirectLine(options),
        renderMarkdown: renderBotMarkdown,
        userID: config.embedsUser ? undefined : userId,
        locale: 'en-US',
        styleOptions: {
          accent: '#0b5563',
          botAvatarInitials: 'LB',
          userAvatarInitials: 'You',
          hideUploadButton: false,
          suggestedActionLayout: 'flow',
          // SAFETY: bot text quotes label text and, in a claim check, the user's own words: HTML in it is shown as
          // text, never rendered (Web Chat renders HTML inside Markdown unless told not to).
          markdownRenderHTML: false
        }
      },
      document.getElementById('webchat')
    );
    focusSendBox();
  }

  // Keyboard users start in the send box (Web Chat renders it asynchronously).
  function focusSendBox() {
    var container = document.getElementById('webchat');
    var focus = function () {
      var input = container.querySelector('[data-id="webchat-sendbox-input"]');
      if (input) {
        input.focus();
      }
      return !!input;
    };
    if (!focus()) {
      var observer = new MutationObserver(function () {
        if (focus()) {
          observer.disconnect();
        }
      });
      observer.observe(container, { childList: true, subtree: true });
    }
  }

  start().catch(function (error) {
    showStatus('Could not connect to LabelBot: ' + (error && error.message ? error.message : 'unknown error'));
  });
})();
