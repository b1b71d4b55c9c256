// The desk's media library: drop several files (each gets its own alt text, caption and
// credit fields), and click a picture to set its focal point. Without JavaScript the
// plain file input and the shared fields still work.
(function () {
  "use strict";

  function perFileRows(input, holder) {
    holder.textContent = "";
    Array.prototype.forEach.call(input.files, function (file, index) {
      var row = document.createElement("fieldset");
      row.className = "module aligned per-file";
      var legend = document.createElement("legend");
      legend.textContent = file.name + " (" + Math.round(file.size / 1024) + " KB)";
      row.appendChild(legend);
      [["alt", "Alt text (required)", 300], ["caption", "Caption", 2000], ["credit", "Credit", 200]]
        .forEach(function (spec) {
          var wrap = document.createElement("div");
          wrap.className = "form-row";
          var label = document.createElement("label");
          label.htmlFor = spec[0] + "-" + index;
          label.textContent = spec[1] + ":";
          var field = document.createElement("input");
          field.type = "text";
          field.name = spec[0] + "-" + index;
          field.id = spec[0] + "-" + index;
          field.size = 70;
          field.maxLength = spec[2];
          wrap.appendChild(label);
          wrap.appendChild(field);
          row.appendChild(wrap);
        });
      holder.appendChild(row);
    });
  }

  function uploader() {
    var form = document.getElementById("media-upload");
    if (!form) return;
    var input = document.getElementById("id_files");
    var zone = document.getElementById("drop-zone");
    var holder = document.getElementById("per-file");
    input.addEventListener("change", function () { perFileRows(input, holder); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("drop-zone--over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("drop-zone--over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      input.files = event.dataTransfer.files;
      perFileRows(input, holder);
    });
  }

  function focalPicker() {
    var picker = document.querySelector(".focal-picker");
    var fx = document.getElementById("id_focal_x");
    var fy = document.getElementById("id_focal_y");
    if (!picker || !fx || !fy) return;
    var dot = picker.querySelector(".focal-dot");
    function place() {
      dot.style.left = (parseFloat(fx.value) * 100) + "%";
      dot.style.top = (parseFloat(fy.value) * 100) + "%";
    }
    picker.addEventListener("click", function (event) {
      var box = picker.querySelector("img").getBoundingClientRect();
      fx.value = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)).toFixed(2);
      fy.value = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)).toFixed(2);
      place();
    });
    fx.addEventListener("input", place);
    fy.addEventListener("input", place);
    place();
  }

  document.addEventListener("DOMContentLoaded", function () {
    uploader();
    focalPicker();
  });
})();
