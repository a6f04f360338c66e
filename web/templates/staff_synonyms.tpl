% rebase('staff_base.tpl', title=t('synonyms_title'))
<h1>{{t('synonyms_title')}}</h1>
<p>{{t('synonyms_intro')}}</p>
<form class="staff-form synonyms-add" method="post" action="{{href('/staff/synonyms')}}">
  <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
  <input type="hidden" name="action" value="add">
  <p><label for="synonym-terms">{{t('synonyms_terms')}}</label>
     <input id="synonym-terms" name="terms" type="text" required maxlength="500" aria-describedby="synonym-terms-hint">
     <span class="hint" id="synonym-terms-hint">{{t('synonyms_terms_hint')}}</span></p>
  <p><button type="submit">{{t('synonyms_add')}}</button></p>
</form>
% if not data['groups']:
<p>{{t('synonyms_none')}}</p>
% else:
<div class="stats-scroll" tabindex="0" role="region" aria-labelledby="synonyms-caption">
<table class="stats" id="synonym-groups">
  <caption id="synonyms-caption">{{t('synonyms_title')}}</caption>
  <thead><tr>
    <th scope="col">{{t('col_synonyms')}}</th>
    <th scope="col"><span class="vh">{{t('synonyms_remove_col')}}</span></th>
  </tr></thead>
  <tbody>
% for group in data['groups']:
  <tr>
    <th scope="row" lang="zh">{{' = '.join(group['terms'])}}</th>
    <td>
      <form method="post" action="{{href('/staff/synonyms')}}">
        <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
        <input type="hidden" name="action" value="remove">
        <input type="hidden" name="group" value="{{group['id']}}">
        <button type="submit">{{t('synonyms_remove', terms=' = '.join(group['terms']))}}</button>
      </form>
    </td>
  </tr>
% end
  </tbody>
</table>
</div>
% end
