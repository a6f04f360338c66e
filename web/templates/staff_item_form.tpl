<%
editing = data['mode'] == 'edit'
item = data['item']
heading = t('form_edit_title') if editing else t('form_new_title')
rebase('staff_base.tpl', title=heading)
values = data['values']
errors = data['errors']
choices = data['choices']
action = href('/staff/items/' + item['index_no'] + '/edit') if editing else href('/staff/items/new')
count = sum(len(v) for v in errors.values()) + len(data['general'])
# (field, kind, hint key, required): the boxes of the item, in the order of catalogue.items.FIELDS.
boxes = [('index_no', 'text', 'hint_index_no', False), ('title', 'text', None, True),
         ('issuer', 'select', None, True), ('doc_no', 'text', 'hint_doc_no', False),
         ('written_date', 'date', 'hint_date', False), ('publish_date', 'date', 'hint_publish_date', True),
         ('topic', 'select', None, False), ('genre', 'select', None, False),
         ('keywords', 'text', 'hint_keywords', False), ('summary', 'textarea', None, False),
         ('body', 'textarea', None, False)]
later = [('validity', 'select', None, False), ('url', 'url', None, False),
         ('attachments', 'textarea', 'hint_attachments', False)]
def described(name, hint):
    ids = (['f-%s-problem' % name] if errors.get(name) else []) + (['f-%s-hint' % name] if hint else [])
    return ' aria-describedby="%s"' % ' '.join(ids) if ids else ''
end
def invalid(name):
    return ' aria-invalid="true"' if errors.get(name) else ''
end
%>
<h1>{{heading}}</h1>
% if editing:
<p class="subtitle" lang="zh"><a href="{{href('/staff/items/' + item['index_no'])}}">{{item['title']}}</a></p>
% end
% if count:
<div class="problem-summary" role="alert" aria-labelledby="problems-h">
  <h2 id="problems-h">{{t('form_problems', n=count) if data['errors'] or not data['general'] else t('form_refused')}}</h2>
  <ul>
%   for problem in data['general']:
    <li>{{problem['said']}}{{!(' <span lang="en" class="detail">(%s)</span>' % problem['detail'].replace('&', '&amp;').replace('<', '&lt;')) if problem['detail'] else ''}}</li>
%   end
%   for name, problems in errors.items():
%     for problem in problems:
    <li><a href="#f-{{name}}">{{problem['said']}}</a></li>
%     end
%   end
  </ul>
</div>
% end
<form id="item-form" class="staff-form item-form" method="post" action="{{action}}" novalidate>
  <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
  <fieldset>
    <legend>{{t('form_item_fields')}}</legend>
<%
def problem_lines(name):
    return errors.get(name, [])
end
%>
% for name, kind, hint, required in boxes + [('disclosure', 'radio', None, False)] + later:
%   if name == 'index_no' and editing:
    <div class="field"><span class="label">{{label('index_no')}}</span> <span class="value">{{item['index_no']}}</span></div>
%     continue
%   end
%   if name == 'disclosure':
    <fieldset class="field disclosure{{' has-problem' if errors.get('disclosure') or errors.get('closed_reason') else ''}}">
      <legend>{{label('disclosure')}}</legend>
%     for problem in problem_lines('disclosure'):
      <p class="problem" id="f-disclosure-problem">{{problem['said']}}</p>
%     end
%     for i, option in enumerate(choices['disclosure']):
      <p class="choice"><input type="radio" id="f-disclosure-{{i}}" name="disclosure" value="{{option}}"{{!' checked' if values.get('disclosure') == option else ''}}>
        <label for="f-disclosure-{{i}}" lang="zh">{{term(option)}}</label></p>
%     end
      <div class="field closed-reason{{' has-problem' if errors.get('closed_reason') else ''}}">
        <label for="f-closed_reason">{{label('closed_reason')}}</label>
        <p class="hint" id="f-closed_reason-hint">{{t('hint_closed_reason')}}</p>
%     for problem in problem_lines('closed_reason'):
        <p class="problem" id="f-closed_reason-problem">{{problem['said']}}</p>
%     end
        <input id="f-closed_reason" name="closed_reason" value="{{values.get('closed_reason', '')}}"{{!maxlength('closed_reason')}}{{!described('closed_reason', True)}}{{!invalid('closed_reason')}}>
      </div>
    </fieldset>
%     continue
%   end
    <div class="field{{' has-problem' if errors.get(name) else ''}}">
      <label for="f-{{name}}">{{label(name)}}{{!' <span class="required" aria-hidden="true">*</span>' if required else ''}}</label>
%   if hint:
      <p class="hint" id="f-{{name}}-hint">{{t(hint)}}</p>
%   end
%   for problem in problem_lines(name):
      <p class="problem" id="f-{{name}}-problem">{{problem['said']}}{{!(' <span lang="en" class="detail">(%s)</span>' % problem['detail'].replace('&', '&amp;').replace('<', '&lt;')) if problem['detail'] else ''}}</p>
%   end
%   if kind == 'select':
      <select id="f-{{name}}" name="{{name}}"{{!' required' if required else ''}}{{!described(name, hint)}}{{!invalid(name)}}>
%     if name != 'validity':
        <option value="">{{t('form_choose') if required else t('form_none')}}</option>
%     end
%     for option in choices[name]:
        <option value="{{option}}" lang="zh"{{!' selected' if values.get(name) == option else ''}}>{{term(option)}}</option>
%     end
      </select>
%     if name == 'issuer' and choices['review_required']:
      <p class="hint">{{t('form_review_note', name='、'.join(term(b) for b in choices['review_required']))}}</p>
%     end
%   elif kind == 'textarea':
      <textarea id="f-{{name}}" name="{{name}}" rows="{{10 if name == 'body' else 3}}" lang="zh"{{!maxlength(name)}}{{!described(name, hint)}}{{!invalid(name)}}>{{values.get(name, '')}}</textarea>
%   else:
      <input id="f-{{name}}" name="{{name}}" value="{{values.get(name, '')}}"{{!' inputmode="numeric" placeholder="2012-05-18"' if kind == 'date' else ''}}{{!' inputmode="url"' if kind == 'url' else ''}}{{!' lang="zh"' if name in ('title', 'keywords', 'doc_no') else ''}}{{!' required' if required else ''}}{{!maxlength(name)}}{{!described(name, hint)}}{{!invalid(name)}}>
%   end
%   if name == 'doc_no' and data['doc_no_as']:
      <p class="hint as-stored">{{t('doc_no_as', value=data['doc_no_as'])}}</p>
%   end
    </div>
% end
  </fieldset>
  <fieldset>
    <legend>{{t('form_workflow')}}</legend>
    <div class="field{{' has-problem' if errors.get('secrecy_checked_by') else ''}}">
      <label for="f-secrecy_checked_by">{{t('secrecy_label')}}</label>
      <p class="hint" id="f-secrecy_checked_by-hint">{{t('hint_secrecy')}}</p>
% for problem in problem_lines('secrecy_checked_by'):
      <p class="problem" id="f-secrecy_checked_by-problem">{{problem['said']}}</p>
% end
      <input id="f-secrecy_checked_by" name="secrecy_checked_by" value="{{values.get('secrecy_checked_by', '')}}"{{!maxlength('secrecy_checked_by')}}{{!described('secrecy_checked_by', True)}}{{!invalid('secrecy_checked_by')}}>
    </div>
% if data['published']:
    <div class="field{{' has-problem' if errors.get('change_note') else ''}}">
      <label for="f-change_note">{{t('change_note')}}</label>
      <p class="hint" id="f-change_note-hint">{{t('hint_change_note')}}</p>
%   for problem in problem_lines('change_note'):
      <p class="problem" id="f-change_note-problem">{{problem['said']}}</p>
%   end
      <textarea id="f-change_note" name="change_note" rows="2" lang="zh"{{!maxlength('change_note')}}{{!described('change_note', True)}}{{!invalid('change_note')}}>{{values.get('change_note', '')}}</textarea>
      <p class="choice"><input type="checkbox" id="f-minor" name="minor" value="1"{{!' checked' if values.get('minor') else ''}}>
        <label for="f-minor">{{t('form_minor')}}</label></p>
    </div>
% end
  </fieldset>
  <p class="buttons">
% for button in data['buttons']:
    <button type="submit" name="action" value="{{button}}">{{t('btn_' + button)}}</button>
% end
    <a href="{{href('/staff/items/' + item['index_no']) if editing else href('/staff/items')}}">{{t('btn_cancel')}}</a>
  </p>
</form>
