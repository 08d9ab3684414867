/* Enhancements only: every page works without this file. */
(function () {
  "use strict";

  var pageLang = document.documentElement.lang;

  function baseLang(tag) {
    return (tag || "").toLowerCase().split(/[-_]/)[0];
  }

  /* Listen: read the main text aloud with the browser's own voices, if it has one for the page's language. */
  function setUpListening(tools) {
    if (!("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) return;
    var synth = window.speechSynthesis;
    var listen = tools.querySelector("[data-listen-start]");
    var pause = tools.querySelector("[data-listen-pause]");
    var stop = tools.querySelector("[data-listen-stop]");

    function voiceFor(lang) {
      var voices = synth.getVoices();
      for (var i = 0; i < voices.length; i++) {
        if (baseLang(voices[i].lang) === baseLang(lang)) return voices[i];
      }
      return null;
    }

    function showIfVoice() {
      if (voiceFor(pageLang)) listen.hidden = false;
    }

    function setSpeaking(speaking) {
      pause.hidden = !speaking;
      stop.hidden = !speaking;
    }

    function readableBlocks() {
      var main = document.getElementById("main");
      var blocks = main.querySelectorAll("h1, h2, h3, h4, p, li");
      var result = [];
      for (var i = 0; i < blocks.length; i++) {
        var block = blocks[i];
        if (block.closest("nav, [data-no-listen], [hidden]")) continue;
        if (block.tagName === "P" && block.closest("li")) continue;
        var text = block.innerText.trim();
        if (text) result.push({ text: text, lang: block.closest("[lang]").lang });
      }
      return result;
    }

    listen.addEventListener("click", function () {
      if (synth.paused) {
        synth.resume();
        return;
      }
      synth.cancel();
      var blocks = readableBlocks();
      blocks.forEach(function (block, index) {
        var utterance = new SpeechSynthesisUtterance(block.text);
        utterance.lang = block.lang;
        var voice = voiceFor(block.lang);
        if (voice) utterance.voice = voice;
        if (index === blocks.length - 1) utterance.onend = function () { setSpeaking(false); };
        synth.speak(utterance);
      });
      setSpeaking(blocks.length > 0);
    });
    pause.addEventListener("click", function () { synth.pause(); });
    stop.addEventListener("click", function () {
      synth.cancel();
      setSpeaking(false);
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });

    showIfVoice();
    if (typeof synth.addEventListener === "function") {
      synth.addEventListener("voiceschanged", showIfVoice);
    }
  }

  /* Print: a button for what the browser menu already does. */
  function setUpPrinting(tools) {
    var print = tools.querySelector("[data-print]");
    if (!print || typeof window.print !== "function") return;
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  /* Offline: pages opened stay readable; "save for offline" stores a region's domain pages. */
  function setUpOffline(tools) {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register("/sw.js").catch(function () {});
    var save = tools.querySelector("[data-save-offline]");
    if (!save) return;
    var status = tools.querySelector("[data-offline-status]");
    save.hidden = false;
    save.addEventListener("click", function () {
      var urls = JSON.parse(save.getAttribute("data-save-offline"));
      save.disabled = true;
      navigator.serviceWorker.ready.then(function (registration) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          status.textContent = event.data.ok ? save.getAttribute("data-saved") : save.getAttribute("data-failed");
          save.disabled = false;
        };
        registration.active.postMessage({ type: "save", urls: urls }, [channel.port2]);
      });
    });
  }

  var tools = document.querySelector("[data-page-tools]");
  if (tools) {
    setUpListening(tools);
    setUpPrinting(tools);
    setUpOffline(tools);
  } else if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
})();
