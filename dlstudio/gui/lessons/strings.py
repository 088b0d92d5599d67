"""The lesson panel's own words in English and Simplified Chinese.

The lessons themselves are bilingual files, so the few labels around them are kept here too
(one table, both languages side by side) rather than in the Qt translation catalogue; the
panel follows the application's language either way.
"""
from __future__ import annotations

#: the lesson panel's keys (they work wherever the focus is in the window while the
#: panel is shown; "layout" is View > Lesson layout's; Help > Keyboard shortcuts lists them)
LESSON_KEYS = {"apply": "Ctrl+Return", "check": "Ctrl+Shift+Return", "next": "Alt+Right",
               "previous": "Alt+Left", "layout": "Ctrl+L"}

_UI: dict[str, tuple[str, str]] = {
    "broken_lesson": ("{id} (cannot be opened)", "{id}（无法打开）"),
    "Lessons": ("Lessons", "课程"),
    "Apply this step": ("Apply this step", "应用此步骤"),
    "apply_tip": ("Set up the network, data and training for this step and start the run. "
                  "You can change anything afterwards and come back.",
                  "为这一步设置好网络、数据和训练参数并开始训练。之后你可以随意修改，再回到这里。"),
    "Check": ("Check", "检查"),
    "check_tip": ("Check whether the effect this step describes really happened in your last "
                  "run (or in a quick run in the background).",
                  "检查这一步描述的现象是否真的出现在你最近一次训练中（或在后台快速运行一次）。"),
    "Runs": ("Runs", "运行"),
    "Compares": ("Compares", "比较"),
    "Look at": ("Look at", "请看"),
    "min": ("min", "分钟"),
    "after": ("after", "先学"),
    "beginner": ("beginner", "入门"),
    "intermediate": ("intermediate", "进阶"),
    "advanced": ("advanced", "高级"),
    "running": ("Training… the check runs when it finishes.", "训练中...结束后会自动检查。"),
    "searching": ("Searching… watch the trials arrive in the Search panel; the check runs "
                  "when the search ends.",
                  "搜索中...在“超参数搜索”面板里看试验结果陆续出现；搜索结束后会自动检查。"),
    "comparing": ("Training the source network and then each set-up of this step in the "
                  "background (about a minute); the verdict with every set-up's accuracy "
                  "appears here, and the source network in the Transfer panel for you to try.",
                  "正在后台训练源网络，然后依次训练这一步的每种设置（约一分钟）；结论和每种设置的"
                  "准确率会显示在这里，源网络会放进“迁移学习”面板，供你自己尝试。"),
    # the headless check's line in the toolbar while it runs (walker26 W26-6)
    "check_progress": ("Lesson check: {what}", "课程检查：{what}"),
    "check_source_run": ("training the source network", "训练源网络"),
    "check_variant_run": ("run {run}, {k} of {n}", "训练 {run}，第 {k}/{n} 个"),
    "check_epoch": ("epoch {epoch}", "第 {epoch} 轮"),
    "check_step": ("step {step}{total}", "第 {step}{total} 步"),
    "check_left": ("{time} left", "还需 {time}"),
    "check_stopped": ("The check was stopped. Apply this step (or press Check) to run it "
                      "again.", "检查已停止。再次点“应用此步骤”（或“检查”）可以重新运行。"),
    "lesson_source": ("the lesson's source network", "本课的源网络"),
    "checking": ("Checking… (a short run in the background)", "检查中...（在后台做一次短训练）"),
    # the Network and Data panels keep the lesson's setup (it is the session's until a step
    # of the next lesson sets its own): say so, or lesson 11's moons under lesson 13's text
    # read as a fault (walker17 W17-8)
    "lesson_left": ("Lesson {number}'s runs and checks ({title}) are cleared from the plots; "
                    "this lesson's steps show their own when applied. Until then the Network, "
                    "Data and Training panels keep lesson {number}'s setup.",
                    "第 {number} 课（{title}）的训练和检查结果已从图表中清除；这一课的步骤在应用时"
                    "会显示它们自己的结果。在此之前，“网络”“数据”和“训练”面板仍保留第 {number} 课的设置。"),
    "press_check": ("Explore the panel, then press Check.", "先在面板里探索一下，然后点“检查”。"),
    "playground_playing": ("Watch the paths: the step is checked when they reach their end "
                           "(or press Check).",
                           "看这些路径：走到终点时会自动检查这一步（也可以直接点“检查”）。"),
    "passed": ("The effect is there.", "现象出现了。"),
    "not_yet": ("Not yet.", "还没有。"),
    "slow_note": ("This step takes minutes (the real MNIST).", "这一步需要几分钟（使用真正的 MNIST）。"),
    "too_many_variants": ("The window compares at most four variants (A–D): it trains "
                          "four; Check runs all of them in the background.",
                          "窗口最多同时比较四个变体（A–D）：这里只训练其中四个；“检查”会在后台运行全部变体。"),
    "left_out": ("The window compares at most four variants (A–D): it trains the ones the "
                 "check compares and fills up in order; not trained here: {left_out}.",
                 "窗口最多同时比较四个变体（A–D）：它训练“检查”要比较的变体，再按顺序补足；"
                 "这里不训练：{left_out}。"),
    "run_failed": ("The step's run stopped before training began: the message and the "
                   "status bar say why (missing data: give the folder holding it in the "
                   "Data panel's \u201cpath\u201d field). Fix that, then apply the step again.",
                   "这一步的训练在开始之前就停止了：提示框和状态栏说明了原因（缺少数据时：在“数据”"
                   "面板的“路径”一栏填入存放数据的文件夹）。解决之后，再次应用此步骤。"),
    "apply_first": ("Apply this step first: it runs the experiment, then Check. (The last "
                    "run was made for another step or other settings.)",
                    "请先应用此步骤：它会运行这个实验，然后再点“检查”。（最近一次训练是为别的"
                    "步骤或别的设置做的。）"),
    # over a verdict once another run is on the plots (walker30 W30-7: "✓ The effect is
    # there" stayed over the student's own later A/B run)
    "verdict_earlier_run": ("This verdict was given before the run now on the plots "
                            "started: it is not about that run.",
                            "这个结论是在图表上现在这次训练开始之前得出的，说的不是这次训练。"),
    # over a pre-flight step's verdict once the network changed (fix64: it stayed green
    # while the Pre-flight page said "The network changed since the last check")
    "verdict_earlier_network": ("This verdict was given before the network changed: it is "
                                "about the network as it was then.",
                                "这个结论是在网络改动之前得出的，说的是当时的网络。"),
    "apply_first_no_run": ("Apply this step first: it runs the experiment, then Check. "
                           "(Nothing has been trained yet.)",
                           "请先应用此步骤：它会运行这个实验，然后再点“检查”。（还没有训练过。）"),
    "run_cut_short": ("The run was stopped in epoch {epoch} of {planned}, before the effect "
                      "had the epochs to show: press \u201cContinue from epoch {resume}\u201d "
                      "above the plots (or in the Run menu) to train it on, or Apply this step "
                      "again, then Check.",
                      "训练在第 {epoch} 轮（共 {planned} 轮）时被停止了，现象还没有足够的轮数显现："
                      "点图表上方（或“运行”菜单中）的“从第 {resume} 轮继续”接着训练，或再次应用此"
                      "步骤，然后再点“检查”。"),
    # a check of the untrained network: the plots go to the moment it measured, not the
    # run's end, which can show the opposite (walker21 W21-1)
    "shown_first_measurement": ("The plots show step {step}, the moment this check measures; "
                                "drag the timeline under the plots to its right end to see "
                                "the run after training.",
                                "图表显示的是第 {step} 步，也就是这次检查测量的时刻；把图表下方的"
                                "时间轴拖到最右端，可以看到训练之后的样子。"),
    # the stopped run cannot be continued (a branch trained beside it, the network was
    # edited): no Continue is offered anywhere (walker19 W19-6)
    "run_cut_short_apply": ("The run was stopped in epoch {epoch} of {planned}, before the "
                            "effect had the epochs to show: Apply this step again, then Check.",
                            "训练在第 {epoch} 轮（共 {planned} 轮）时被停止了，现象还没有足够的轮数"
                            "显现：再次应用此步骤，然后再点“检查”。"),
    "apply_playground_first": ("Apply this step first: it draws the step's paths in the "
                               "optimizer playground, then Check compares them.",
                               "请先应用此步骤：它会在优化器游乐场中画出这一步的路径，然后再点"
                               "“检查”比较它们。"),
    "data_differs": ("A variant changes the data, but the window trains all variants on the "
                     "same data (the first variant's); Check runs the exact experiment in the "
                     "background.",
                     "有一个变体改变了数据，但窗口中所有变体都用同一份数据（第一个变体的）训练；"
                     "“检查”会在后台运行完全相同的实验。"),
    "lock_in": ("Lock in my answer", "确定我的答案"),
    "previous_step": ("Previous step", "上一步"),
    "next_step": ("Next step", "下一步"),
    "next_lesson": ("Next lesson: {number} {title}", "下一课：{number} {title}"),
    "lock_in_key": ("Enter locks in the chosen answer.", "按回车键确定所选答案。"),
    "lock_in_tip": ("Your first answer counts: the explanation appears once you lock it in.",
                    "以第一次的答案为准：确定之后才会显示解释。"),
    "choose_then_lock": ("Predict first: choose an answer and lock it in, then apply the step "
                         "to see what really happens.",
                         "先预测：选择一个答案并点“确定我的答案”，然后再应用此步骤，看看实际会发生什么。"),
    "lock_now": ("Now lock your answer in (Enter, or the button above), then apply the step "
                 "to see what happens.",
                 "现在点“确定我的答案”（或按回车键），然后再应用此步骤，看看实际会发生什么。"),
    "choose_then_lock_think": ("Think it through: choose an answer and lock it in; the "
                               "explanation follows. Then apply the step.",
                               "先想一想：选择一个答案并点“确定我的答案”，随后会显示解释。然后再应用此步骤。"),
    "lock_now_think": ("Now lock your answer in (Enter, or the button above) to read the "
                       "explanation, then apply the step.",
                       "现在点“确定我的答案”（或按回车键）查看解释，然后再应用此步骤。"),
    "answer_first": ("Answer the question under the text first, then Apply.",
                     "先回答课文下方的问题，再应用此步骤。"),
    "lock_first": ("Now lock in your answer (Enter), then Apply.",
                   "现在确定你的答案（按回车键），再应用此步骤。"),
    "go_to_question": ("Go to the question ↓", "转到问题 ↓"),
    "apply_after_answer": ("Lock in your answer to the question first: the run would give it "
                           "away.",
                           "请先确定你对问题的答案：训练结果会把答案透露出来。"),
    "right": ("Right.", "正确。"),
    "not_quite": ("Not quite.", "不对。"),
    "right_answer_was": ("The right answer:", "正确答案："),
    "experiment_playground": ("Runs in the optimizer playground", "在优化器游乐场中运行"),
    "experiment_search": ("Runs a hyperparameter search", "运行一次超参数搜索"),
    "experiment_transfer": ("Runs a transfer-learning experiment", "运行一次迁移学习实验"),
    "experiment_inspect": ("No training: inspect the network", "无需训练：查看网络结构"),
    "experiment_preflight": ("No training: Check before training (one batch through the "
                             "untrained network)",
                             "无需训练：训练前检查（一批数据通过未训练的网络）"),
    "checking_before": ("Checking the network before training…",
                        "正在训练前检查网络..."),
    "judged_step_setup": ("Check judged this step's own setup, as “Apply this step” sets it "
                          "up (checked in the background), not your changed network.",
                          "“检查”评判的是这一步自己的设置（即“应用此步骤”所设置的，在后台检查），"
                          "而不是你改过的网络。"),
    "own_healthy": ("Your own network is healthy before training: every layer receives a "
                    "signal of a similar size.",
                    "你自己的网络在训练之前是健康的：每一层收到的信号大小相近。"),
    "own_healthy_next": ("Your own network is healthy before training: that is the fix the "
                         "next step trains.",
                         "你自己的网络在训练之前是健康的：这正是下一步要训练的修正方法。"),
    "own_verdict": ("Your own network, checked before training: {verdict}.",
                    "你自己的网络在训练之前的检查结论：{verdict}。"),
}

_PANELS: dict[str, tuple[str, str]] = {
    "network": ("Network", "网络"),
    "data": ("Data", "数据"),
    "convergence": ("Convergence", "收敛"),
    "gradients": ("Gradients", "梯度"),
    "activations": ("Activations", "激活值"),
    "weights": ("Weights", "权重"),
    "outcome": ("Outcome", "结果"),
    "preflight": ("Pre-flight check", "训练前检查"),
    # the tool tabs carry the same words as their tab titles (main_window, the panels)
    "playground": ("Optimizer playground", "优化器游乐场"),
    "search": ("Search", "超参数搜索"),
    "transfer": ("Transfer", "迁移学习"),
    "debugger": ("Step debugger", "单步调试器"),
    "landscape": ("Loss landscape", "损失地形"),
    "draw": ("Draw a digit", "手写数字"),
}


def ui(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (the key itself when unknown)."""
    en, zh = _UI.get(key, (key, key))
    return zh if str(lang).lower().startswith("zh") else en


def ui_texts() -> list[tuple[str, str]]:
    """Every ``(English, Chinese)`` pair of the panel's own words (for checks of the
    translations, such as their ellipses)."""
    return list(_UI.values()) + list(_PANELS.values())


def panel_label(key: str, lang: str) -> str:
    """The title of the panel ``key`` as its tab or dock shows it, in ``lang``."""
    en, zh = _PANELS.get(key, (key, key))
    return zh if str(lang).lower().startswith("zh") else en
