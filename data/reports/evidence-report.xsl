<?xml version="1.0" encoding="UTF-8"?>
<!--
  evidence-report.xsl: an evidence pack as a readable, printable HTML report.

  Copyright 2026 The Walkround authors
  SPDX-License-Identifier: GPL-3.0-or-later

  XSLT 1.0 for libxslt. `walkround report` (src/core/reports/wr-report.c) applies it to the pack
  with the attachments' bytes and the forms' base64 left out, and adds what a reader wants in words
  rather than ids: report:question, report:section, report:value and report:member attributes on
  answers and observations, report:order (the question's place in its form) and report:type
  ("date" for a date question) on answers, report:score and report:section-scores (percentages of
  applicable answers met) on scored visits, and a report:labels element with the catalogue's
  titles (regulations, quality statements, themes, observation kinds, voices), the names of visit
  kinds and roles, and each form's title. Without them (xsltproc on a pack) the report shows ids
  instead.

  It reads no other file and writes none: the C code forbids both. Every value is written as
  text, which the HTML output escapes; nothing here disables output escaping.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:p="https://walkround.github.io/ns/evidence-pack/1"
                xmlns:report="https://walkround.github.io/ns/report/1"
                exclude-result-prefixes="p report">

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <!-- When the report was made, ISO 8601 with offset, and by what. -->
  <xsl:param name="generated" select="''"/>
  <xsl:param name="generator" select="''"/>
  <!-- The organisation's name and its protective marking (walkround settings), if set. -->
  <xsl:param name="organisation" select="''"/>
  <xsl:param name="marking" select="''"/>

  <xsl:key name="label" match="report:entry" use="concat(@list, ' ', @id)"/>
  <xsl:key name="service" match="p:service" use="@uuid"/>
  <xsl:key name="visits-by-service" match="p:visit" use="@service"/>
  <xsl:key name="visits-by-kind" match="p:visit" use="@kind"/>
  <xsl:key name="visits-by-kind-status" match="p:visit" use="concat(@kind, ' ', @status)"/>
  <xsl:key name="observations-by-kind" match="p:observation" use="@kind"/>
  <!-- A report of some regulations or quality statements (the scope names them) is of the
       observations linked to one of them: the visits' other observations stay in each visit, but
       are not counted or grouped as evidence. -->
  <xsl:key name="regulation-links" match="p:link[@kind = 'regulation'][not(/p:evidence-pack/p:scope/p:regulation | /p:evidence-pack/p:scope/p:statement) or ../p:link[(@kind = 'regulation' and @ref = /p:evidence-pack/p:scope/p:regulation) or (@kind = 'statement' and @ref = /p:evidence-pack/p:scope/p:statement)]]" use="@ref"/>
  <xsl:key name="statement-links" match="p:link[@kind = 'statement'][not(/p:evidence-pack/p:scope/p:regulation | /p:evidence-pack/p:scope/p:statement) or ../p:link[(@kind = 'regulation' and @ref = /p:evidence-pack/p:scope/p:regulation) or (@kind = 'statement' and @ref = /p:evidence-pack/p:scope/p:statement)]]" use="@ref"/>
  <xsl:key name="theme-links" match="p:link[@kind = 'theme'][not(/p:evidence-pack/p:scope/p:regulation | /p:evidence-pack/p:scope/p:statement) or ../p:link[(@kind = 'regulation' and @ref = /p:evidence-pack/p:scope/p:regulation) or (@kind = 'statement' and @ref = /p:evidence-pack/p:scope/p:statement)]]" use="@ref"/>

  <xsl:variable name="labels" select="/p:evidence-pack/report:labels"/>
  <xsl:variable name="visits" select="/p:evidence-pack/p:visits/p:visit"/>
  <xsl:variable name="observations" select="$visits/p:observations/p:observation[not(/p:evidence-pack/p:scope/p:regulation | /p:evidence-pack/p:scope/p:statement) or p:link[(@kind = 'regulation' and @ref = /p:evidence-pack/p:scope/p:regulation) or (@kind = 'statement' and @ref = /p:evidence-pack/p:scope/p:statement)]]"/>
  <xsl:variable name="scope-regulations" select="/p:evidence-pack/p:scope/p:regulation"/>
  <xsl:variable name="scope-statements" select="/p:evidence-pack/p:scope/p:statement"/>
  <xsl:variable name="actions" select="$visits/p:actions/p:action"/>
  <xsl:variable name="open-actions" select="$actions[@status = 'open']"/>

  <!-- The page ============================================================================== -->

  <xsl:template match="/">
    <xsl:apply-templates select="p:evidence-pack"/>
  </xsl:template>

  <xsl:template match="p:evidence-pack">
    <html lang="en-GB">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <xsl:if test="$generator != ''">
          <meta name="generator" content="{$generator}"/>
        </xsl:if>
        <title>
          <xsl:text>Evidence report: </xsl:text>
          <xsl:call-template name="period"><xsl:with-param name="plain" select="true()"/></xsl:call-template>
        </title>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <header>
          <xsl:if test="$marking != ''">
            <p class="marking"><xsl:value-of select="$marking"/></p>
          </xsl:if>
          <xsl:if test="$organisation != ''">
            <p class="organisation"><xsl:value-of select="$organisation"/></p>
          </xsl:if>
          <h1>Evidence report</h1>
          <p class="period"><xsl:call-template name="period"/></p>
          <xsl:apply-templates select="p:scope"/>
        </header>
        <nav aria-labelledby="contents-heading">
          <h2 id="contents-heading">Contents</h2>
          <ol>
            <li><a href="#summary">Summary</a></li>
            <li><a href="#visits">Visits by service</a></li>
            <li><a href="#regulations">Observations by regulation</a></li>
            <li><a href="#statements">Observations by quality statement</a></li>
            <xsl:if test="$observations/p:link[@kind = 'theme']">
              <li><a href="#themes">Observations by 15 Steps theme</a></li>
            </xsl:if>
            <li><a href="#actions">Open actions</a></li>
          </ol>
        </nav>
        <main>
          <xsl:call-template name="summary"/>
          <xsl:call-template name="visits"/>
          <xsl:call-template name="regulations"/>
          <xsl:call-template name="statements"/>
          <xsl:call-template name="themes"/>
          <xsl:call-template name="actions"/>
        </main>
        <footer>
          <p>
            <xsl:if test="$generator != ''">
              <xsl:text>Made by </xsl:text>
              <xsl:value-of select="$generator"/>
              <xsl:text> from </xsl:text>
            </xsl:if>
            <xsl:if test="$generator = ''">From </xsl:if>
            <xsl:text>an evidence pack written by </xsl:text>
            <xsl:value-of select="concat(p:generator/@name, ' ', p:generator/@version)"/>
            <xsl:text> on </xsl:text>
            <xsl:call-template name="date-time"><xsl:with-param name="value" select="@created"/></xsl:call-template>
            <xsl:text>.</xsl:text>
            <xsl:if test="$generator != ''"> Every visit in the pack was checked against its digest before this report was made.</xsl:if>
            <xsl:text> Photos and documents attached to visits are in the pack, not in this report.</xsl:text>
          </p>
          <xsl:if test="$marking != ''">
            <p class="marking"><xsl:value-of select="$marking"/></p>
          </xsl:if>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- The period the pack covers; plain, without <time> elements, for the <title>. -->
  <xsl:template name="period">
    <xsl:param name="plain" select="false()"/>
    <xsl:variable name="scope" select="/p:evidence-pack/p:scope"/>
    <xsl:choose>
      <xsl:when test="$scope/p:from and $scope/p:to">
        <xsl:call-template name="date"><xsl:with-param name="value" select="$scope/p:from"/><xsl:with-param name="plain" select="$plain"/></xsl:call-template>
        <xsl:text> to </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="value" select="$scope/p:to"/><xsl:with-param name="plain" select="$plain"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$scope/p:from">
        <xsl:text>From </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="value" select="$scope/p:from"/><xsl:with-param name="plain" select="$plain"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$scope/p:to">
        <xsl:text>Up to </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="value" select="$scope/p:to"/><xsl:with-param name="plain" select="$plain"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>All dates</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What the report covers: the filters the pack was made with. -->
  <xsl:template match="p:scope">
    <dl class="scope">
      <dt>Period</dt>
      <dd><xsl:call-template name="period"/></dd>
      <dt>Services</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="p:service">
            <xsl:for-each select="p:service">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:call-template name="service-name"><xsl:with-param name="uuid" select="@uuid"/></xsl:call-template>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>All services</xsl:otherwise>
        </xsl:choose>
      </dd>
      <dt>Kinds of visit</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="p:kind">
            <xsl:for-each select="p:kind">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'visit-kinds'"/>
                <xsl:with-param name="id" select="."/>
              </xsl:call-template>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>All kinds</xsl:otherwise>
        </xsl:choose>
      </dd>
      <xsl:if test="p:regulation">
        <dt>Regulations</dt>
        <dd>
          <xsl:for-each select="p:regulation">
            <xsl:if test="position() &gt; 1">; </xsl:if>
            <xsl:call-template name="regulation-title"><xsl:with-param name="id" select="."/></xsl:call-template>
          </xsl:for-each>
        </dd>
      </xsl:if>
      <xsl:if test="p:statement">
        <dt>Quality statements</dt>
        <dd>
          <xsl:for-each select="p:statement">
            <xsl:if test="position() &gt; 1">; </xsl:if>
            <xsl:call-template name="label">
              <xsl:with-param name="list" select="'quality-statements'"/>
              <xsl:with-param name="id" select="."/>
            </xsl:call-template>
          </xsl:for-each>
        </dd>
      </xsl:if>
      <dt>Status</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="p:status = 'draft'">Drafts only</xsl:when>
          <xsl:when test="p:status = 'completed'">Completed visits only</xsl:when>
          <xsl:otherwise>Drafts and completed visits</xsl:otherwise>
        </xsl:choose>
      </dd>
      <xsl:if test="p:changed-since">
        <dt>Changed since</dt>
        <dd><xsl:call-template name="date-time"><xsl:with-param name="value" select="p:changed-since"/></xsl:call-template></dd>
      </xsl:if>
      <xsl:if test="p:visit">
        <dt>Visits chosen</dt>
        <dd>
          <xsl:call-template name="count">
            <xsl:with-param name="n" select="count(p:visit)"/>
            <xsl:with-param name="one" select="'visit, chosen one by one'"/>
            <xsl:with-param name="many" select="'visits, chosen one by one'"/>
          </xsl:call-template>
        </dd>
      </xsl:if>
      <dt>Pack written</dt>
      <dd><xsl:call-template name="date-time"><xsl:with-param name="value" select="../@created"/></xsl:call-template></dd>
      <xsl:if test="$generated != ''">
        <dt>Report made</dt>
        <dd><xsl:call-template name="date-time"><xsl:with-param name="value" select="$generated"/></xsl:call-template></dd>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- Summary =============================================================================== -->

  <xsl:template name="summary">
    <section id="summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <xsl:if test="not($visits)">
        <p>No visit is in the pack: none matched the filters it was made with.</p>
      </xsl:if>
      <xsl:if test="$visits">
      <p>
        <xsl:call-template name="count">
          <xsl:with-param name="n" select="count($visits)"/>
          <xsl:with-param name="one" select="'visit'"/>
          <xsl:with-param name="many" select="'visits'"/>
        </xsl:call-template>
        <xsl:text> to </xsl:text>
        <xsl:call-template name="count">
          <xsl:with-param name="n" select="count(/p:evidence-pack/p:services/p:service[key('visits-by-service', @uuid)])"/>
          <xsl:with-param name="one" select="'service'"/>
          <xsl:with-param name="many" select="'services'"/>
        </xsl:call-template>
        <xsl:text>, with </xsl:text>
        <xsl:call-template name="count">
          <xsl:with-param name="n" select="count($observations)"/>
          <xsl:with-param name="one" select="'observation'"/>
          <xsl:with-param name="many" select="'observations'"/>
        </xsl:call-template>
        <xsl:text> and </xsl:text>
        <xsl:call-template name="count">
          <xsl:with-param name="n" select="count($actions)"/>
          <xsl:with-param name="one" select="'action'"/>
          <xsl:with-param name="many" select="'actions'"/>
        </xsl:call-template>
        <xsl:text>, of which </xsl:text>
        <xsl:value-of select="count($open-actions)"/>
        <xsl:text> open.</xsl:text>
      </p>
      </xsl:if>

      <xsl:if test="$visits">
        <table>
          <caption>Visits by kind and status</caption>
          <thead>
            <tr>
              <th scope="col">Kind of visit</th>
              <th scope="col" class="number">Draft</th>
              <th scope="col" class="number">Completed</th>
              <th scope="col" class="number">All</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$visits[generate-id() = generate-id(key('visits-by-kind', @kind)[1])]">
              <xsl:sort select="@kind"/>
              <tr>
                <th scope="row">
                  <xsl:call-template name="label">
                    <xsl:with-param name="list" select="'visit-kinds'"/>
                    <xsl:with-param name="id" select="@kind"/>
                  </xsl:call-template>
                </th>
                <td class="number"><xsl:value-of select="count(key('visits-by-kind-status', concat(@kind, ' draft')))"/></td>
                <td class="number"><xsl:value-of select="count(key('visits-by-kind-status', concat(@kind, ' completed')))"/></td>
                <td class="number"><xsl:value-of select="count(key('visits-by-kind', @kind))"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All kinds</th>
              <td class="number"><xsl:value-of select="count($visits[@status = 'draft'])"/></td>
              <td class="number"><xsl:value-of select="count($visits[@status = 'completed'])"/></td>
              <td class="number"><xsl:value-of select="count($visits)"/></td>
            </tr>
          </tfoot>
        </table>
      </xsl:if>

      <xsl:if test="$observations">
        <table>
          <caption>Observations by kind</caption>
          <thead>
            <tr>
              <th scope="col">Kind of observation</th>
              <th scope="col" class="number">Number</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$observations[generate-id() = generate-id(key('observations-by-kind', @kind)[1])]">
              <xsl:sort select="@kind"/>
              <tr>
                <th scope="row">
                  <xsl:call-template name="label">
                    <xsl:with-param name="list" select="'observation-kinds'"/>
                    <xsl:with-param name="id" select="@kind"/>
                  </xsl:call-template>
                </th>
                <td class="number"><xsl:value-of select="count(key('observations-by-kind', @kind))"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>

      <xsl:if test="$actions">
        <table>
          <caption>Actions by status</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col" class="number">Number</th>
            </tr>
          </thead>
          <tbody>
            <tr><th scope="row">Open</th><td class="number"><xsl:value-of select="count($open-actions)"/></td></tr>
            <tr><th scope="row">Done</th><td class="number"><xsl:value-of select="count($actions[@status = 'done'])"/></td></tr>
            <tr><th scope="row">Dropped</th><td class="number"><xsl:value-of select="count($actions[@status = 'dropped'])"/></td></tr>
          </tbody>
        </table>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- Visits by service ===================================================================== -->

  <xsl:template name="visits">
    <section id="visits" aria-labelledby="visits-heading">
      <h2 id="visits-heading">Visits by service</h2>
      <xsl:if test="not($visits)">
        <p>The pack has no visits.</p>
      </xsl:if>
      <xsl:for-each select="/p:evidence-pack/p:services/p:service[key('visits-by-service', @uuid)]">
        <xsl:sort select="@name"/>
        <section class="service" aria-labelledby="service-{@uuid}">
          <h3 id="service-{@uuid}"><xsl:value-of select="@name"/></h3>
          <xsl:if test="@directorate or @site or @cqc-location-id">
            <p class="meta">
              <xsl:for-each select="@directorate | @site">
                <xsl:value-of select="."/>
                <xsl:if test="position() != last()"> · </xsl:if>
              </xsl:for-each>
              <xsl:if test="@cqc-location-id">
                <xsl:if test="@directorate or @site"> · </xsl:if>
                <xsl:text>CQC location </xsl:text>
                <xsl:value-of select="@cqc-location-id"/>
              </xsl:if>
            </p>
          </xsl:if>
          <xsl:apply-templates select="key('visits-by-service', @uuid)">
            <xsl:sort select="@started"/>
          </xsl:apply-templates>
        </section>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:template match="p:visit">
    <article class="visit" id="visit-{@uuid}" aria-labelledby="visit-{@uuid}-heading">
      <h4 id="visit-{@uuid}-heading">
        <xsl:call-template name="date"><xsl:with-param name="value" select="@started"/></xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:call-template name="label">
          <xsl:with-param name="list" select="'visit-kinds'"/>
          <xsl:with-param name="id" select="@kind"/>
        </xsl:call-template>
        <xsl:if test="@status = 'draft'"> (draft)</xsl:if>
      </h4>
      <dl class="visit-facts">
        <dt>When</dt>
        <dd>
          <xsl:call-template name="date-time"><xsl:with-param name="value" select="@started"/></xsl:call-template>
          <xsl:if test="@ended">
            <xsl:text> to </xsl:text>
            <xsl:call-template name="time"><xsl:with-param name="value" select="@ended"/></xsl:call-template>
          </xsl:if>
        </dd>
        <dt>Status</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="@status = 'completed'">Completed</xsl:when>
            <xsl:otherwise>Draft</xsl:otherwise>
          </xsl:choose>
          <xsl:if test="@revision &gt; 1">
            <xsl:text> (revision </xsl:text>
            <xsl:value-of select="@revision"/>
            <xsl:text>)</xsl:text>
          </xsl:if>
        </dd>
        <xsl:if test="@report:score">
          <dt>Score</dt>
          <dd>
            <xsl:value-of select="@report:score"/>
            <xsl:text>% of applicable answers met</xsl:text>
            <xsl:if test="@report:section-scores">
              <xsl:text> (by section: </xsl:text>
              <xsl:value-of select="@report:section-scores"/>
              <xsl:text>)</xsl:text>
            </xsl:if>
          </dd>
        </xsl:if>
        <dt>Form</dt>
        <dd>
          <xsl:call-template name="label">
            <xsl:with-param name="list" select="'forms'"/>
            <xsl:with-param name="id" select="@form-sha256"/>
            <xsl:with-param name="default" select="@form"/>
          </xsl:call-template>
          <xsl:text>, version </xsl:text>
          <xsl:value-of select="@form-version"/>
        </dd>
        <xsl:if test="p:team">
          <dt>Team</dt>
          <dd>
            <xsl:for-each select="p:team/p:member">
              <xsl:sort select="@position" data-type="number"/>
              <xsl:sort select="@uuid"/>
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:value-of select="@name"/>
              <xsl:text> (</xsl:text>
              <xsl:call-template name="label">
                <xsl:with-param name="list" select="'roles'"/>
                <xsl:with-param name="id" select="@role"/>
              </xsl:call-template>
              <xsl:text>)</xsl:text>
            </xsl:for-each>
          </dd>
        </xsl:if>
      </dl>
      <!-- An answer the form's conditions now hide (hidden="true") is carried, not reported. -->
      <xsl:apply-templates select="p:answers[p:answer[not(@hidden = 'true')]]"/>
      <xsl:if test="p:observations">
        <h5>Observations</h5>
        <ul class="observations">
          <xsl:for-each select="p:observations/p:observation">
            <li><xsl:call-template name="observation-body"/></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="p:actions">
        <h5>Actions</h5>
        <ul class="actions">
          <xsl:for-each select="p:actions/p:action">
            <li>
              <xsl:call-template name="text"><xsl:with-param name="value" select="p:text"/></xsl:call-template>
              <span class="meta">
                <xsl:text> (</xsl:text>
                <xsl:call-template name="action-status"/>
                <xsl:if test="@owner">
                  <xsl:text>; owner: </xsl:text>
                  <xsl:value-of select="@owner"/>
                </xsl:if>
                <xsl:if test="@due">
                  <xsl:text>; due </xsl:text>
                  <xsl:call-template name="date"><xsl:with-param name="value" select="@due"/></xsl:call-template>
                </xsl:if>
                <xsl:text>)</xsl:text>
              </span>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="p:attachments">
        <h5>Attachments</h5>
        <ul class="attachments">
          <xsl:for-each select="p:attachments/p:attachment">
            <li>
              <xsl:choose>
                <xsl:when test="@file-name"><xsl:value-of select="@file-name"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="@media-type"/></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="p:caption">
                <xsl:text>: </xsl:text>
                <xsl:value-of select="p:caption"/>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </article>
  </xsl:template>

  <xsl:template match="p:answers">
    <table class="answers">
      <caption>
        <xsl:text>Answers on the visit of </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="value" select="../@started"/></xsl:call-template>
      </caption>
      <thead>
        <tr>
          <th scope="col">Question</th>
          <th scope="col">Answer</th>
          <th scope="col">Comment</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="p:answer[not(@hidden = 'true')]">
          <xsl:sort select="@report:order" data-type="number"/>
          <xsl:sort select="../../p:team/p:member[@uuid = current()/@member]/@position" data-type="number"/>
          <xsl:sort select="@member"/>
          <tr>
            <th scope="row">
              <xsl:if test="@report:section">
                <span class="section"><xsl:value-of select="@report:section"/></span>
                <xsl:text>: </xsl:text>
              </xsl:if>
              <xsl:choose>
                <xsl:when test="@report:question"><xsl:value-of select="@report:question"/></xsl:when>
                <xsl:otherwise><code><xsl:value-of select="@question"/></code></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="@member">
                <span class="member">
                  <xsl:text> (</xsl:text>
                  <xsl:choose>
                    <xsl:when test="@report:member"><xsl:value-of select="@report:member"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="@member"/></xsl:otherwise>
                  </xsl:choose>
                  <xsl:text>)</xsl:text>
                </span>
              </xsl:if>
            </th>
            <td>
              <xsl:choose>
                <xsl:when test="@report:type = 'date' and string-length(p:value) = 10">
                  <xsl:call-template name="date"><xsl:with-param name="value" select="p:value"/></xsl:call-template>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:call-template name="text">
                    <xsl:with-param name="value" select="@report:value | p:value[not(../@report:value)]"/>
                  </xsl:call-template>
                </xsl:otherwise>
              </xsl:choose>
            </td>
            <td>
              <xsl:call-template name="text"><xsl:with-param name="value" select="p:comment"/></xsl:call-template>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- Observations by regulation, statement and theme ====================================== -->

  <xsl:template name="regulations">
    <section id="regulations" aria-labelledby="regulations-heading">
      <h2 id="regulations-heading">Observations by regulation</h2>
      <p>The fundamental standards: Health and Social Care Act 2008 (Regulated Activities) Regulations 2014, Part 3.</p>
      <xsl:if test="not($observations)">
        <p>The pack has no observations.</p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$labels/report:entry[@list = 'regulations']">
          <xsl:for-each select="$labels/report:entry[@list = 'regulations'][key('regulation-links', @id)][not($scope-regulations) or @id = $scope-regulations]">
            <xsl:call-template name="evidence-group">
              <xsl:with-param name="id" select="concat('regulation-', @id)"/>
              <xsl:with-param name="title" select="concat('Regulation ', @id, ': ', .)"/>
              <xsl:with-param name="links" select="key('regulation-links', @id)"/>
            </xsl:call-template>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$observations/p:link[@kind = 'regulation'][generate-id() = generate-id(key('regulation-links', @ref)[1])][not($scope-regulations) or @ref = $scope-regulations]">
            <xsl:sort select="translate(@ref, 'A', '')" data-type="number"/>
            <xsl:sort select="@ref"/>
            <xsl:call-template name="evidence-group">
              <xsl:with-param name="id" select="concat('regulation-', @ref)"/>
              <xsl:with-param name="title" select="concat('Regulation ', @ref)"/>
              <xsl:with-param name="links" select="key('regulation-links', @ref)"/>
            </xsl:call-template>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="evidence-group">
        <xsl:with-param name="id" select="'regulation-none'"/>
        <xsl:with-param name="title" select="'Not linked to a regulation'"/>
        <xsl:with-param name="observations" select="$observations[not(p:link[@kind = 'regulation'])]"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <xsl:template name="statements">
    <section id="statements" aria-labelledby="statements-heading">
      <h2 id="statements-heading">Observations by quality statement</h2>
      <p>CQC’s quality statements, under the five key questions.</p>
      <xsl:choose>
        <xsl:when test="not($observations/p:link[@kind = 'statement'])">
          <p>No observation is linked to a quality statement.</p>
        </xsl:when>
        <xsl:when test="$labels/report:entry[@list = 'quality-statements']">
          <xsl:for-each select="$labels/report:entry[@list = 'key-questions']">
            <xsl:variable name="key-question" select="@id"/>
            <xsl:variable name="statements"
                          select="$labels/report:entry[@list = 'quality-statements'][@key-question = $key-question][key('statement-links', @id)][not($scope-statements) or @id = $scope-statements]"/>
            <xsl:if test="$statements">
              <section class="key-question" aria-labelledby="key-question-{@id}">
                <h3 id="key-question-{@id}"><xsl:value-of select="."/></h3>
                <xsl:for-each select="$statements">
                  <xsl:call-template name="evidence-group">
                    <xsl:with-param name="id" select="concat('statement-', @id)"/>
                    <xsl:with-param name="title" select="string(.)"/>
                    <xsl:with-param name="links" select="key('statement-links', @id)"/>
                    <xsl:with-param name="level" select="4"/>
                  </xsl:call-template>
                </xsl:for-each>
              </section>
            </xsl:if>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$observations/p:link[@kind = 'statement'][generate-id() = generate-id(key('statement-links', @ref)[1])][not($scope-statements) or @ref = $scope-statements]">
            <xsl:sort select="@ref"/>
            <xsl:call-template name="evidence-group">
              <xsl:with-param name="id" select="concat('statement-', @ref)"/>
              <xsl:with-param name="title" select="string(@ref)"/>
              <xsl:with-param name="links" select="key('statement-links', @ref)"/>
            </xsl:call-template>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="themes">
    <xsl:if test="$observations/p:link[@kind = 'theme']">
      <section id="themes" aria-labelledby="themes-heading">
        <h2 id="themes-heading">Observations by 15 Steps theme</h2>
        <xsl:for-each select="$observations/p:link[@kind = 'theme'][generate-id() = generate-id(key('theme-links', @ref)[1])]">
          <xsl:sort select="@ref"/>
          <xsl:variable name="title">
            <xsl:call-template name="label">
              <xsl:with-param name="list" select="'themes'"/>
              <xsl:with-param name="id" select="@ref"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:call-template name="evidence-group">
            <xsl:with-param name="id" select="concat('theme-', @ref)"/>
            <xsl:with-param name="title" select="string($title)"/>
            <xsl:with-param name="links" select="key('theme-links', @ref)"/>
          </xsl:call-template>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A heading and the observations under it, by the date of their visit. -->
  <xsl:template name="evidence-group">
    <xsl:param name="id"/>
    <xsl:param name="title"/>
    <xsl:param name="links" select="/.."/>
    <xsl:param name="observations" select="$links/.."/>
    <xsl:param name="level" select="3"/>
    <xsl:if test="$observations">
      <section class="evidence" aria-labelledby="{$id}">
        <xsl:element name="h{$level}">
          <xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute>
          <xsl:value-of select="$title"/>
        </xsl:element>
        <ul class="observations">
          <xsl:for-each select="$observations">
            <xsl:sort select="../../@started"/>
            <li>
              <p class="meta">
                <xsl:call-template name="service-name">
                  <xsl:with-param name="uuid" select="../../@service"/>
                </xsl:call-template>
                <xsl:text>, </xsl:text>
                <a href="#visit-{../../@uuid}">
                  <xsl:call-template name="date"><xsl:with-param name="value" select="../../@started"/></xsl:call-template>
                </a>
              </p>
              <xsl:call-template name="observation-body"/>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- An observation: its kind and voice, then what was written. -->
  <xsl:template name="observation-body">
    <p class="observation-kind">
      <strong>
        <xsl:call-template name="label">
          <xsl:with-param name="list" select="'observation-kinds'"/>
          <xsl:with-param name="id" select="@kind"/>
        </xsl:call-template>
      </strong>
      <xsl:if test="@voice">
        <xsl:text>, voice: </xsl:text>
        <xsl:call-template name="label">
          <xsl:with-param name="list" select="'voices'"/>
          <xsl:with-param name="id" select="@voice"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@question">
        <xsl:text>, on </xsl:text>
        <xsl:choose>
          <xsl:when test="@report:question">“<xsl:value-of select="@report:question"/>”</xsl:when>
          <xsl:otherwise><code><xsl:value-of select="@question"/></code></xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </p>
    <xsl:choose>
      <xsl:when test="@kind = 'quote'">
        <blockquote><p><xsl:call-template name="text"><xsl:with-param name="value" select="p:text"/></xsl:call-template></p></blockquote>
      </xsl:when>
      <xsl:otherwise>
        <p class="observation-text"><xsl:call-template name="text"><xsl:with-param name="value" select="p:text"/></xsl:call-template></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Open actions ========================================================================== -->

  <xsl:template name="actions">
    <section id="actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Open actions</h2>
      <xsl:choose>
        <xsl:when test="not($open-actions)">
          <p>No action is open.</p>
        </xsl:when>
        <xsl:otherwise>
          <table class="open-actions">
            <caption>Open actions, soonest due first</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Service</th>
                <th scope="col">Visit</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$open-actions">
                <xsl:sort select="not(@due)"/>
                <xsl:sort select="@due"/>
                <tr>
                  <th scope="row"><xsl:call-template name="text"><xsl:with-param name="value" select="p:text"/></xsl:call-template></th>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@owner"><xsl:value-of select="@owner"/></xsl:when>
                      <xsl:otherwise>Nobody named</xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@due"><xsl:call-template name="date"><xsl:with-param name="value" select="@due"/></xsl:call-template></xsl:when>
                      <xsl:otherwise>No date</xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td>
                    <xsl:call-template name="service-name"><xsl:with-param name="uuid" select="../../@service"/></xsl:call-template>
                  </td>
                  <td>
                    <a href="#visit-{../../@uuid}">
                      <xsl:call-template name="date"><xsl:with-param name="value" select="../../@started"/></xsl:call-template>
                    </a>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="action-status">
    <xsl:choose>
      <xsl:when test="@status = 'open'">open</xsl:when>
      <xsl:when test="@status = 'done'">done</xsl:when>
      <xsl:when test="@status = 'dropped'">dropped</xsl:when>
      <xsl:otherwise><xsl:value-of select="@status"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Helpers =============================================================================== -->

  <!-- A catalogue title or a name from report:labels, else the id itself. -->
  <xsl:template name="label">
    <xsl:param name="list"/>
    <xsl:param name="id"/>
    <xsl:param name="default" select="$id"/>
    <xsl:variable name="entry" select="key('label', concat($list, ' ', $id))"/>
    <xsl:choose>
      <xsl:when test="$entry"><xsl:value-of select="$entry[1]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$default"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="regulation-title">
    <xsl:param name="id"/>
    <xsl:variable name="entry" select="key('label', concat('regulations ', $id))"/>
    <xsl:text>Regulation </xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:if test="$entry">
      <xsl:text>: </xsl:text>
      <xsl:value-of select="$entry[1]"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="service-name">
    <xsl:param name="uuid"/>
    <xsl:variable name="service" select="key('service', $uuid)"/>
    <xsl:choose>
      <xsl:when test="$service"><xsl:value-of select="$service[1]/@name"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$uuid"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="count">
    <xsl:param name="n"/>
    <xsl:param name="one"/>
    <xsl:param name="many"/>
    <xsl:value-of select="$n"/>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="$n = 1"><xsl:value-of select="$one"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$many"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Text with its line breaks kept as <br>, so that it reads the same without CSS. -->
  <xsl:template name="text">
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="contains($value, '&#10;')">
        <xsl:value-of select="substring-before($value, '&#10;')"/>
        <br/>
        <xsl:call-template name="text">
          <xsl:with-param name="value" select="substring-after($value, '&#10;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 2026-03-04 or 2026-03-04T10:15:00+00:00 as "4 March 2026", the local date it names. -->
  <xsl:template name="date">
    <xsl:param name="value"/>
    <xsl:param name="plain" select="false()"/>
    <xsl:choose>
      <xsl:when test="$plain">
        <xsl:call-template name="date-text"><xsl:with-param name="value" select="$value"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <time datetime="{substring($value, 1, 10)}">
          <xsl:call-template name="date-text"><xsl:with-param name="value" select="$value"/></xsl:call-template>
        </time>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="date-text">
    <xsl:param name="value"/>
    <xsl:variable name="month" select="number(substring($value, 6, 2))"/>
      <xsl:value-of select="number(substring($value, 9, 2))"/>
      <xsl:text> </xsl:text>
      <xsl:choose>
        <xsl:when test="$month = 1">January</xsl:when>
        <xsl:when test="$month = 2">February</xsl:when>
        <xsl:when test="$month = 3">March</xsl:when>
        <xsl:when test="$month = 4">April</xsl:when>
        <xsl:when test="$month = 5">May</xsl:when>
        <xsl:when test="$month = 6">June</xsl:when>
        <xsl:when test="$month = 7">July</xsl:when>
        <xsl:when test="$month = 8">August</xsl:when>
        <xsl:when test="$month = 9">September</xsl:when>
        <xsl:when test="$month = 10">October</xsl:when>
        <xsl:when test="$month = 11">November</xsl:when>
        <xsl:otherwise>December</xsl:otherwise>
      </xsl:choose>
      <xsl:text> </xsl:text>
      <xsl:value-of select="substring($value, 1, 4)"/>
  </xsl:template>

  <!-- The local time of day, as it was on the visitor's clock: "10:15". -->
  <xsl:template name="time">
    <xsl:param name="value"/>
    <time datetime="{$value}"><xsl:value-of select="substring($value, 12, 5)"/></time>
  </xsl:template>

  <xsl:template name="date-time">
    <xsl:param name="value"/>
    <xsl:call-template name="date"><xsl:with-param name="value" select="$value"/></xsl:call-template>
    <xsl:text>, </xsl:text>
    <xsl:call-template name="time"><xsl:with-param name="value" select="$value"/></xsl:call-template>
  </xsl:template>

  <!-- The style: system fonts and colours, so that it follows the reader's settings, and a
       print style that keeps each visit and each table on one page where it can. -->
  <xsl:template name="css">
    :root { color-scheme: light dark; }
    body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; color: CanvasText; background: Canvas; }
    h1, h2, h3, h4, h5 { line-height: 1.25; }
    h2 { margin-top: 2.5rem; border-bottom: 2px solid currentColor; padding-bottom: 0.25rem; }
    h3 { margin-top: 2rem; }
    h4 { margin-bottom: 0.5rem; }
    h5 { font-size: 1rem; margin: 1rem 0 0.25rem; }
    .period { font-size: 1.25rem; margin-top: -0.5rem; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.125rem 1rem; margin: 0.5rem 0; }
    dt { font-weight: bold; }
    dd { margin: 0; }
    table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
    caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
    th, td { text-align: left; vertical-align: top; border: 1px solid GrayText; padding: 0.25rem 0.5rem; }
    tbody th { font-weight: normal; }
    thead th, tfoot th, tfoot td { font-weight: bold; }
    .number { text-align: right; font-variant-numeric: tabular-nums; }
    .visit { border-top: 1px solid GrayText; padding-top: 0.5rem; margin-top: 1.5rem; }
    /* Quieter than the text, yet at least 4.5:1 against the page (WCAG 2.2 AA):
       GrayText is #808080 in Chromium, 3.9:1 on white. */
    .meta, .section, .member { color: #595959; }
    @media (prefers-color-scheme: dark) { .meta, .section, .member { color: #b0b0b0; } }
    ul.observations { list-style: none; padding: 0; }
    ul.observations > li { border-left: 4px solid GrayText; padding-left: 0.75rem; margin: 0.75rem 0; }
    ul.observations p { margin: 0.125rem 0; }
    blockquote { margin: 0.25rem 0 0.25rem 1rem; font-style: italic; }
    nav ol { columns: 2; }
    footer { margin-top: 3rem; border-top: 1px solid GrayText; font-size: 0.875rem; }
    .marking { text-align: center; font-weight: bold; letter-spacing: 0.05em; }
    .organisation { font-weight: bold; margin-bottom: 0; }
    @media print {
      :root { color-scheme: light; }
      body { max-width: none; padding: 0; font-size: 10.5pt; color: black; background: white; }
      nav { display: none; }
      a { color: inherit; text-decoration: none; }
      h2 { break-before: page; }
      #summary h2 { break-before: auto; }
      h2, h3, h4, h5, caption { break-after: avoid; }
      tr, .visit dl, ul.observations > li { break-inside: avoid; }
      th, td { border-color: black; }
      .meta, .section, .member { color: #333; }
    }
  </xsl:template>

</xsl:stylesheet>
