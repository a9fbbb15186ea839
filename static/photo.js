// Choosing a square of a new photo before it is uploaded. Without JavaScript the server keeps the
// centre; with it, the person drags the square (or uses the arrow keys) and sets its size, and the
// form sends the square in pixels of the upright photo (browsers draw photos upright, as the
// server turns them).
(function () {
  var form = document.querySelector("[data-photo-form]");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var area = form.querySelector("[data-photo-crop]");
  var fields = { left: form.elements.crop_left, top: form.elements.crop_top, size: form.elements.crop_size };
  var preview = document.querySelector("[data-photo-preview]");
  var image = null, scale = 1, crop = { left: 0, top: 0, size: 0 }, canvas, context, zoom, drag = null;

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  function draw() {
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    context.fillStyle = "rgba(0, 0, 0, 0.45)";
    var x = crop.left * scale, y = crop.top * scale, s = crop.size * scale;
    context.fillRect(0, 0, canvas.width, y);
    context.fillRect(0, y + s, canvas.width, canvas.height - y - s);
    context.fillRect(0, y, x, s);
    context.fillRect(x + s, y, canvas.width - x - s, s);
    context.strokeStyle = "#fff";
    context.lineWidth = 2;
    context.strokeRect(x + 1, y + 1, s - 2, s - 2);
    fields.left.value = Math.round(crop.left);
    fields.top.value = Math.round(crop.top);
    fields.size.value = Math.round(crop.size);
    if (preview) {
      var small = document.createElement("canvas");
      small.width = small.height = 128;
      small.className = "avatar";
      small.getContext("2d").drawImage(image, crop.left, crop.top, crop.size, crop.size, 0, 0, 128, 128);
      small.setAttribute("aria-hidden", "true");
      preview.replaceChildren(small);
    }
  }

  function resize(fraction) {
    var edge = Math.min(image.naturalWidth, image.naturalHeight);
    var centreX = crop.left + crop.size / 2, centreY = crop.top + crop.size / 2;
    crop.size = Math.max(16, edge * fraction);
    crop.left = clamp(centreX - crop.size / 2, 0, image.naturalWidth - crop.size);
    crop.top = clamp(centreY - crop.size / 2, 0, image.naturalHeight - crop.size);
    draw();
  }

  function move(dx, dy) {
    crop.left = clamp(crop.left + dx, 0, image.naturalWidth - crop.size);
    crop.top = clamp(crop.top + dy, 0, image.naturalHeight - crop.size);
    draw();
  }

  function build() {
    area.replaceChildren();
    var help = document.createElement("p");
    help.className = "hint";
    help.id = "crop-help";
    help.textContent = "Drag the square, or use the arrow keys, to choose what people see. The slider makes it smaller or larger.";
    canvas = document.createElement("canvas");
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", "Your photo with the square that will be kept");
    canvas.setAttribute("aria-describedby", "crop-help");
    context = canvas.getContext("2d");
    var label = document.createElement("label");
    label.textContent = "Size of the square ";
    zoom = document.createElement("input");
    zoom.type = "range"; zoom.min = "30"; zoom.max = "100"; zoom.value = "100";
    label.appendChild(zoom);
    area.append(help, canvas, label);
    zoom.addEventListener("input", function () { resize(zoom.value / 100); });
    canvas.addEventListener("pointerdown", function (event) {
      drag = { x: event.offsetX, y: event.offsetY };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drag) return;
      move((event.offsetX - drag.x) / scale, (event.offsetY - drag.y) / scale);
      drag = { x: event.offsetX, y: event.offsetY };
    });
    canvas.addEventListener("pointerup", function () { drag = null; });
    canvas.addEventListener("keydown", function (event) {
      var step = (event.shiftKey ? 0.1 : 0.02) * crop.size;
      var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) { event.preventDefault(); move(moves[event.key][0], moves[event.key][1]); }
    });
  }

  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    fields.left.value = fields.top.value = fields.size.value = "";
    if (!file) { area.hidden = true; return; }
    var loaded = new Image();
    loaded.onload = function () {
      image = loaded;
      if (!canvas) build();
      area.hidden = false;
      var width = Math.min(area.clientWidth || 320, 360);
      scale = width / image.naturalWidth;
      canvas.width = Math.round(image.naturalWidth * scale);
      canvas.height = Math.round(image.naturalHeight * scale);
      var edge = Math.min(image.naturalWidth, image.naturalHeight);
      crop = { size: edge, left: (image.naturalWidth - edge) / 2, top: (image.naturalHeight - edge) / 2 };
      zoom.value = "100";
      draw();
    };
    // Not a photo the browser can show (or too large for it): the server will say what is wrong.
    loaded.onerror = function () { area.hidden = true; };
    loaded.src = URL.createObjectURL(file);
  });
})();
