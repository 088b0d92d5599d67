#!/usr/bin/env bash
# The README's screenshots, taken from the real window: each one starts dlstudio on a virtual
# X display (Xvfb) with an empty home directory, drives it with xdotool (keys, and a few
# clicks at fixed places on the fixed-size screen), waits for the run, grabs the screen with
# ImageMagick and writes resources/screenshots/NAME.png, reduced to 128 colours. The screens are
# 1600 pixels wide (1920 in classroom mode) and the pictures are scaled to 1200, except
# timeline_branch, which keeps its 1920x1080. A whole run takes about 16 minutes.
#
#   resources/screenshots/take_screenshots.sh                 # every screenshot below
#   resources/screenshots/take_screenshots.sh start_page ...  # only these
#
# Needs Xvfb, xdotool and ImageMagick (apt-get install xvfb xdotool imagemagick) and the MNIST
# files (DLSTUDIO_MNIST, or `dlstudio data fetch mnist` first). Settings: PYTHON (default:
# .venv/bin/python, else python3), SHOT_DISPLAY (default :99), OUT (default this directory),
# SLOW (multiplies every wait; 2 on a busy machine). Look at every picture before committing
# it: a run that took longer than its wait shows up as a half-drawn plot.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PYTHON=${PYTHON:-$([ -x "$repo/.venv/bin/python" ] && echo "$repo/.venv/bin/python" || echo python3)}
SHOT_DISPLAY=${SHOT_DISPLAY:-:99}
OUT=${OUT:-$here}
SLOW=${SLOW:-1}
work=$(mktemp -d /tmp/dlstudio-shots.XXXXXX)
xvfb_pid=""; app_pid=""

stop_all() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  app_pid=""; xvfb_pid=""
}
trap 'stop_all; rm -rf "$work"' EXIT

# wait SECONDS: sleep, stretched by SLOW
wait_s() { sleep "$(awk -v s="$1" -v k="$SLOW" 'BEGIN { print s * k }')"; }

# launch WxH ARGS...: a fresh screen of that size and the app on it (fresh home: no saved session)
launch() {
  local size=$1; shift
  stop_all
  Xvfb "$SHOT_DISPLAY" -screen 0 "${size}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  sleep 1
  rm -rf "$work/home"; mkdir -p "$work/home"
  (cd "$repo" && DISPLAY=$SHOT_DISPLAY QT_QPA_PLATFORM=xcb HOME="$work/home" \
    PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}" exec "$PYTHON" -m dlstudio "$@") \
    >"$work/app.log" 2>&1 &
  app_pid=$!
  wait_s 12
}

# key KEY...: keys to the main window (xdotool names: ctrl+Return, F5, space, ...)
key() {
  local w
  w=$(DISPLAY=$SHOT_DISPLAY xdotool search --name 'dlstudio$' | head -1)
  DISPLAY=$SHOT_DISPLAY xdotool windowfocus --sync "$w" 2>/dev/null
  for k in "$@"; do DISPLAY=$SHOT_DISPLAY xdotool key --window "$w" "$k"; sleep 0.5; done
}

# click X Y: a left click at this place on the screen
click() { DISPLAY=$SHOT_DISPLAY xdotool mousemove "$1" "$2" click 1; sleep 0.7; }

# drag X,Y X,Y ...: press the left button at the first point, move through the others, release
drag() {
  local x y nx ny i
  IFS=, read -r x y <<< "$1"; shift
  DISPLAY=$SHOT_DISPLAY xdotool mousemove "$x" "$y" mousedown 1
  for p in "$@"; do
    IFS=, read -r nx ny <<< "$p"
    for i in 1 2 3 4 5 6; do
      DISPLAY=$SHOT_DISPLAY xdotool mousemove $((x + (nx - x) * i / 6)) $((y + (ny - y) * i / 6))
      sleep 0.02
    done
    x=$nx; y=$ny
  done
  DISPLAY=$SHOT_DISPLAY xdotool mouseup 1
  sleep 1
}

# save NAME [WxH]: grab the screen into OUT/NAME.png, scaled to WxH when given
save() {
  local raw="$work/$1-raw.png"
  DISPLAY=$SHOT_DISPLAY import -window root "$raw"
  convert "$raw" ${2:+-resize "$2"} -strip +dither -colors 128 "PNG8:$OUT/$1.png"
  echo "wrote $OUT/$1.png"
}

# -- the screenshots (README.md shows them with their captions) ------------------------------

start_page() {            # the first start: the lesson list on the learning path
  launch 1600x900
  save start_page 1200x675
}

deep_sigmoid_vanishing_gradients() {     # lesson 4 step 2 in the lesson layout, run and checked
  launch 1600x1000 --lesson 4 --step 2
  key ctrl+Return          # Apply this step (it starts the run; Check runs when it ends)
  wait_s 100
  save deep_sigmoid_vanishing_gradients 1200x750
}

classroom_mode() {         # lesson 7 step 2 (batch norm rescues A) on a 1920x1200 projector
  launch 1920x1200 --classroom --lesson 7 --step 2
  click 1169 929           # the right answer to the step's question
  key Return               # lock it in (Apply waits for that)
  key ctrl+Return          # Apply this step: trains A and B, then checks
  wait_s 90
  save classroom_mode 1200x750
}

toy_2d_decision_boundary() {  # the classroom toy's boundary around two spirals after 50 epochs
  launch 1600x1000 --preset toy_2d --learning-rate 0.01 --epochs 50 --panel outcome --autostart
  wait_s 40
  save toy_2d_decision_boundary 1200x750
}

chinese_dark_activations() {  # the deep sigmoid network's activations, in Chinese, dark theme
  launch 1600x1000 --lang zh --theme dark --preset deep_sigmoid_mlp --epochs 5 \
    --panel activations --autostart
  wait_s 60
  save chinese_dark_activations 1200x750
}

mnist_convnet_convergence() {  # the textbook MNIST convnet, one epoch
  launch 1600x1000 --preset mnist_convnet --epochs 1 --autostart
  wait_s 120
  save mnist_convnet_convergence 1200x750
}

compare_sigmoid_vs_relu_he() {  # Compare: B = A with ReLU and He normal in every hidden layer
  launch 1600x1000 --preset deep_sigmoid_mlp --epochs 5 --panel gradients
  click 1300 963           # the Compare tab under the right-hand dock
  click 1256 180           # Duplicate as new variant (B)
  click 1448 488           # B's activation ...
  click 1341 532           # ... ReLU
  click 1448 518           # B's initializer ...
  click 1357 650           # ... He normal
  key F5                   # Start A + B
  wait_s 50
  save compare_sigmoid_vs_relu_he 1200x750
}

loss_landscape() {         # the toy after 15 epochs: the loss in the plane of the run's path
  launch 1600x900 --preset toy_2d --learning-rate 0.01 --epochs 15 --panel landscape --autostart
  wait_s 15
  click 648 690            # Directions ...
  click 590 734            # ... Plane of the run's path (PCA)
  click 649 627            # Compute
  wait_s 15
  save loss_landscape 1200x675
}

step_debugger() {          # small VGG paused at step 20: one unit traced, and a gradient check
  launch 1600x900 --preset small_vgg --epochs 10 --learning-rate 0.001 --panel debugger
  key F10                  # one training step (the first compiles the kernels)
  wait_s 20
  for _ in $(seq 19); do key F10; sleep 0.7; done
  wait_s 3
  click 535 142            # Step inside (the first trace prepares float64 kernels: minutes)
  wait_s 90
  click 559 640            # Check this gradient
  wait_s 20
  save step_debugger 1200x675
}

draw_a_digit() {           # a 3 drawn for the studio's MNIST convnet after one epoch
  launch 1600x900 --preset mnist_convnet --epochs 1 --panel draw --autostart
  wait_s 120               # Draw a digit uses the studio's network, with its newest weights
  drag 580,195 620,172 665,170 705,190 712,225 695,258 645,283 700,300 722,340 712,385 \
    670,412 620,415 578,395
  wait_s 3
  save draw_a_digit 1200x675
}

timeline_branch() {        # classroom toy: a branch at step 50 with a tenth of the learning
  launch 1920x1080 --classroom --preset toy_2d --learning-rate 0.01 --epochs 25 --autostart
  wait_s 20                # ... rate, then the timeline dragged back to step 156
  click 618 1037           # the timeline at step 50
  click 1343 1037          # Branch from here...
  local w                  # the dialog's OK (its default: learning rate / 10)
  w=$(DISPLAY=$SHOT_DISPLAY xdotool search --name "Branch from step" | head -1)
  DISPLAY=$SHOT_DISPLAY xdotool windowfocus --sync "$w" key --window "$w" Return
  wait_s 25
  click 693 1037           # the timeline at step 156
  wait_s 3
  save timeline_branch     # full size, as the README shows it
}

all="start_page deep_sigmoid_vanishing_gradients classroom_mode toy_2d_decision_boundary
  chinese_dark_activations mnist_convnet_convergence compare_sigmoid_vs_relu_he
  loss_landscape step_debugger draw_a_digit timeline_branch"
all=$(echo $all)
for name in ${@:-$all}; do
  case " $all " in *" $name "*) "$name" ;; *) echo "no screenshot called $name (have: $all)" >&2; exit 2 ;; esac
done
